import type { AppStore } from '../../state/app-store.ts';
import { hevcWarning } from '../../state/reference-draft.ts';
import type { EpisodeSettings } from '../../state/episodes.ts';
import type { SplitMode } from '../../state/segment-split.ts';
import type { SegmentRecord } from '../../types.ts';

/** What the board lends its event handlers: the store, and the two bits of UI they steer. */
export interface BoardHost extends HTMLElement {
  readonly store: AppStore | undefined;
  select(id: string | undefined): void;
  /** Focuses the card at `index` once the board has re-rendered (keyboard reordering keeps focus). */
  focusCard(index: number): Promise<void>;
}

/**
 * Turns the episode elements' events into store actions for the Episodes pane. Confirmations the user must
 * see (cost before generating, budget overrun, deleting a segment with takes) happen here.
 */
export function wireBoardEvents(host: BoardHost): void {
  const actions = () => host.store?.episodes;
  const segments = (): readonly SegmentRecord[] => host.store?.state.segments ?? [];
  const on = <K extends keyof HTMLElementEventMap>(
    type: K,
    handle: (e: HTMLElementEventMap[K]) => unknown,
  ): void => host.addEventListener(type, (e) => void handle(e));
  on('project-create', (e) => actions()?.createProject(e.detail.title));
  on('project-delete', (e) => actions()?.deleteProject(e.detail.id));
  on('episode-create', (e) => actions()?.createEpisode(e.detail.projectId));
  on('episode-open', (e) => actions()?.openEpisode(e.detail.id));
  on('episode-change', async (e) => {
    await actions()?.updateEpisode(e.detail.id, withProviderModel(host, e.detail.patch));
    if (e.detail.patch.autoApprove) await actions()?.renderer.autoApprove(e.detail.id, segments());
  });
  on('episode-approve-latest', () => actions()?.renderer.approveLatest());
  on('episode-delete', (e) => actions()?.deleteEpisode(e.detail.id));
  on('episode-generate', () =>
    generate(host, actions()?.pendingSegments() ?? [], () => actions()?.generateAll()),
  );
  on('episode-stitch', (e) =>
    e.detail.cancel ? actions()?.renderer.cancel() : actions()?.renderer.export(),
  );
  on('episode-save-as', (e) => saveAs(host, e.detail.videoId, e.detail.name));
  on('script-split', (e) => split(host, e.detail.script, e.detail.mode));
  on('script-edit', (e) => actions()?.saveScript(e.detail.episodeId, e.detail.script));
  on('segment-add', (e) => actions()?.addSegment(e.detail.after));
  on('segment-select', (e) => host.select(e.detail.id));
  on('segment-change', (e) => actions()?.updateSegment(e.detail.id, e.detail.patch));
  on('segment-move', async (e) => {
    const focused = host.shadowRoot?.activeElement?.tagName === 'RW-SEGMENT-CARD';
    await actions()?.moveSegment(e.detail.id, e.detail.to);
    if (focused) await host.focusCard(e.detail.to);
  });
  on('segment-delete', async (e) => {
    const segment = segments().find((s) => s.id === e.detail.id);
    if (segment?.takeIds.length && !confirm(`Delete “${segment.title}”? Its takes stay in the library.`))
      return;
    await actions()?.deleteSegment(e.detail.id);
  });
  on('segment-generate', (e) =>
    generate(
      host,
      segments().filter((s) => s.id === e.detail.id),
      () => actions()?.generateSegment(e.detail.id),
    ),
  );
  on('segment-unqueue', (e) => actions()?.builder.stopWaiting(e.detail.id));
  on('take-approve', (e) => actions()?.approveTake(e.detail.segmentId, e.detail.videoId));
  on('take-remove', (e) => actions()?.removeTake(e.detail.segmentId, e.detail.videoId));
  on('segment-still', (e) => actions()?.generateStill(e.detail.id));
  on('still-approve', (e) => actions()?.approveStill(e.detail.segmentId, e.detail.assetId));
  on('takes-assign', (e) => actions()?.assignPendingTakes(e.detail.segmentId));
  on('job-cancel', (e) => host.store?.generation.cancelJob(e.detail.id));
  const cast = () => host.store?.cast;
  on('cast-add', (e) =>
    cast()?.addMember(e.detail.projectId, e.detail.kind, e.detail.name, e.detail.description),
  );
  on('cast-change', (e) =>
    cast()?.updateMember(e.detail.projectId, e.detail.kind, e.detail.id, e.detail.patch),
  );
  on('cast-remove', (e) => cast()?.removeMember(e.detail.projectId, e.detail.kind, e.detail.id));
  on('cast-sheet', (e) => cast()?.makeSheet(e.detail.projectId, e.detail.kind, e.detail.id));
  on('cast-sheet-approve', (e) =>
    cast()?.approveSheet(e.detail.projectId, e.detail.kind, e.detail.id, e.detail.assetId),
  );
  on('cast-composite', async (e) => {
    await actions()?.updateSegment(e.detail.segmentId, { stillFirst: true, castComposite: true });
    await cast()?.makeComposite(e.detail.segmentId);
  });
}

/** A new provider for an episode: keep its model when the provider offers it, else the provider's first. */
function withProviderModel(host: BoardHost, patch: EpisodeSettings): EpisodeSettings {
  const store = host.store;
  const connection = patch.connectionId ? store?.connections.get(patch.connectionId) : undefined;
  if (!store || !connection || patch.model) return patch;
  const models = store.catalog.modelsFor(connection, 'video');
  const model = models.find((m) => m.id === store.episodes.episode?.model) ?? models[0];
  return model ? { ...patch, model: model.id } : patch;
}

/** Shows the estimated cost (and any budget overrun) before anything is sent. */
async function generate(
  host: BoardHost,
  targets: readonly SegmentRecord[],
  run: () => Promise<void> | undefined,
): Promise<void> {
  const store = host.store;
  const episode = store?.episodes.episode;
  if (!store || !episode || !targets.length) return;
  const cost = store.episodes.estimate(episode, targets);
  const check = store.library.budgetCheck(cost, targets[0]!.id);
  const model = store.episodes.modelFor(episode);
  const hevc = [...new Set(targets.map((t) => t.size ?? episode.size))]
    .map((size) => hevcWarning(model, size))
    .find((w) => w);
  const what = `${targets.length} segment${targets.length === 1 ? '' : 's'} for an estimated $${cost.toFixed(2)}${hevc ? ` (${hevc})` : ''}`;
  if (!check.ok && !confirm(`${check.message} Generate ${what} anyway?`)) return;
  if (check.ok && cost > 0 && !confirm(`Generate ${what}?`)) return;
  await run();
}

async function split(host: BoardHost, script: string, mode: SplitMode): Promise<void> {
  const store = host.store;
  const result = await store?.episodes.splitScript(script, mode);
  if (!store || !result?.pieces.length) return;
  host.select(store.state.segments[0]?.id);
  const summary = `Split into ${result.pieces.length} segments (${result.total} s, by ${result.mode}).`;
  store.notify(result.warning ? 'info' : 'success', `${summary} ${result.warning ?? ''}`.trim());
}

/** File System Access "Save as…" where the browser has it (the plain download link is always there too). */
async function saveAs(host: BoardHost, videoId: string, name: string): Promise<void> {
  const store = host.store;
  const picker = (window as unknown as { showSaveFilePicker?: (o: object) => Promise<FileSystemFileHandle> })
    .showSaveFilePicker;
  if (!store || !picker) return;
  try {
    const handle = await picker({
      suggestedName: name,
      types: [{ description: 'MP4 video', accept: { 'video/mp4': ['.mp4'] } }],
    });
    const blob = await store.episodes.exporter.blob(videoId);
    if (!blob) return store.notify('error', `${name} is no longer in the library.`);
    await blob.stream().pipeTo(await handle.createWritable());
    store.notify('success', `Saved ${name}.`);
  } catch (error) {
    if ((error as Error).name !== 'AbortError')
      store.notify('error', `Could not save ${name}: ${(error as Error).message}`);
  }
}
