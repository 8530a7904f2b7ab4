import type { CenterView } from '../../state/app-state.ts';

export type Pane = 'assets' | 'viewer' | 'prompt';

const VIEWS: Readonly<Record<string, CenterView>> = {
  studio: 'viewer',
  viewer: 'viewer',
  library: 'library',
  episodes: 'episodes',
} as const;
const PANES: ReadonlySet<string> = new Set<Pane>(['assets', 'viewer', 'prompt']);

/**
 * The view and pane a launch URL asks for: the manifest's shortcuts open `/?view=episodes`,
 * `/?view=library` and `/?view=studio&pane=prompt` (New clip). Unknown values are ignored.
 */
export function launchRoute(search: string): { view?: CenterView; pane?: Pane } {
  const params = new URLSearchParams(search);
  const view = VIEWS[params.get('view')?.toLowerCase() ?? ''];
  const pane = params.get('pane')?.toLowerCase() ?? '';
  return { view, pane: PANES.has(pane) ? (pane as Pane) : undefined };
}
