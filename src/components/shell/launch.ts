import type { AppStore } from '../../state/app-store.ts';
import { launchRoute, type Pane } from '../layout/launch-route.ts';

/**
 * Once the store is ready: go where the launch URL asks (manifest shortcuts), load the sample, and take
 * shared/opened files. The installed app's ways in (share target, file handling) load only here, off the
 * first paint.
 */
export function receiveLaunch(
  store: AppStore,
  showPane: (pane: Pane) => void,
  openBackup: () => void,
  search = location.search,
): void {
  const route = launchRoute(search);
  if (route.view) store.setView(route.view);
  if (route.pane) showPane(route.pane);
  void store.sample.load();
  void import('../../pwa/launch-files.ts').then(({ receiveLaunches }) =>
    receiveLaunches(
      {
        importFiles: (files) => store.assets.importFiles(files),
        importBackup: (file) => store.backup.importBackup(file),
        notify: (kind, message) => store.notify(kind, message),
      },
      openBackup,
    ),
  );
}
