import { openReelwrightDb } from '../../../../src/db/index.ts';
import { createLibraryDb } from '../../../../src/db/library-db.ts';
import type { Provider } from '../../../../src/providers/types.ts';
import type { ImportOutcome, LibraryDb, MediaPort } from '../../../../src/state/ports.ts';
import { StoreCore, type StoreDeps } from '../../../../src/state/store-core.ts';
import { TabCoordinator, type TabMessage } from '../../../../src/state/tab-coordinator.ts';
import type { VideoRecord } from '../../../../src/types.ts';
import { FakeClock, FakeNetwork } from '../fakes.ts';

/** A tab coordinator that records what it would tell other tabs. */
export class RecordingTabs extends TabCoordinator {
  readonly posted: TabMessage[] = [];
  override post(message: TabMessage): void {
    this.posted.push(message);
  }
}

/** A media port whose analysis is scripted by file name (`.txt` is refused); frames are tagged blobs. */
export function fakeMedia(): MediaPort & { frames: number } {
  const media = {
    frames: 0,
    async analyzeFiles(
      files: readonly File[],
      _options: unknown,
      onEach: (file: File, outcome: ImportOutcome, index: number) => void | Promise<void>,
    ) {
      for (const [index, file] of files.entries()) {
        const outcome: ImportOutcome = file.name.endsWith('.txt')
          ? {
              ok: false,
              reason: 'unsupported-type',
              message: `${file.name}: Reelwright can't use .txt files.`,
            }
          : {
              ok: true,
              asset: {
                name: file.name,
                kind: 'image',
                mime: 'image/png',
                bytes: file.size,
                width: 64,
                height: 48,
                sha256: `sha-${await file.text()}`,
              },
              thumbnail: new Blob(['thumb']),
            };
        await onEach(file, outcome, index);
      }
    },
    fitImage: async (blob: Blob) => blob,
    extractFrame: async () => {
      media.frames += 1;
      return new Blob(['frame'], { type: 'image/png' });
    },
  } as unknown as MediaPort & { frames: number };
  return media;
}

let dbName = 0;

/** A core over a fresh in-memory database (fake-indexeddb), a fake clock, network and tabs. */
export async function makeCore(deps: Partial<StoreDeps> & { provider?: Provider } = {}): Promise<{
  core: StoreCore;
  db: LibraryDb;
  media: MediaPort & { frames: number };
  tabs: RecordingTabs;
  clock: FakeClock;
  network: FakeNetwork;
  changes: () => number;
}> {
  const db = createLibraryDb(await openReelwrightDb(`slice-test-${++dbName}`));
  const media = fakeMedia();
  const tabs = new RecordingTabs();
  const clock = new FakeClock();
  const network = new FakeNetwork();
  const target = new EventTarget();
  let changes = 0;
  const { provider, ...rest } = deps;
  const core = new StoreCore(
    {
      db,
      media,
      tabs,
      clock,
      network,
      providerFor: provider ? () => provider : undefined,
      ...rest,
    },
    target,
  );
  core.subscribe(() => (changes += 1));
  return { core, db, media, tabs, clock, network, changes: () => changes };
}

/** A clip row as the job runner saves it. */
export function clip(id: string, patch: Partial<VideoRecord> = {}): VideoRecord {
  return {
    id,
    jobId: `job-${id}`,
    prompt: `prompt of ${id}`,
    connectionId: 'local',
    providerKind: 'local',
    model: 'local-preview',
    size: '720x1280',
    seconds: 4,
    width: 720,
    height: 1280,
    duration: 4,
    codec: 'avc1.42c01f',
    bytes: 3,
    cost: 0,
    created: 1,
    completed: 1,
    blobId: `video-${id}`,
    thumbId: `thumb-${id}`,
    ...patch,
  };
}
