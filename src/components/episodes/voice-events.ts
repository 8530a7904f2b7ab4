import { listen, type BoardHost } from './board-host.ts';

/**
 * The dialogue and hand-off events of the Episodes pane (issue 17) turned into `store.voices` actions.
 * A line over the budget is sent only once the user confirms it.
 */
export function wireVoiceEvents(host: BoardHost): void {
  const voices = () => host.store?.voices;
  const on = listen(host);
  on('dialogue-voice', async (e) => {
    const store = host.store;
    const segment = store?.state.segments.find((s) => s.id === e.detail.segmentId);
    if (!store || !segment) return;
    const view = store.voices.view(segment);
    const lines = view.lines.filter((l) =>
      e.detail.index === undefined ? !l.takes.length : l.index === e.detail.index,
    );
    const cost = lines.reduce((sum, l) => sum + l.cost, 0);
    const check = store.library.budgetCheck(cost, segment.id);
    if (!check.ok && !confirm(`${check.message} Voice ${lines.length} line(s) anyway?`)) return;
    const override = !check.ok;
    if (e.detail.index === undefined) await store.voices.voiceAll(segment.id, { override });
    else await store.voices.voiceLine(segment.id, e.detail.index, { override });
  });
  on('dialogue-line-change', (e) =>
    voices()?.changeLine(e.detail.segmentId, e.detail.index, {
      offset: e.detail.offset,
      approved: e.detail.approved,
    }),
  );
  on('segment-speech', (e) => voices()?.setSpeech(e.detail.segmentId, e.detail.speech));
  on('speaker-voice', (e) => voices()?.setVoice(e.detail.projectId, e.detail.speaker, e.detail.voice));
  on('episode-handoff', async () => {
    const store = host.store;
    const made = await store?.voices.exportForEditor();
    if (!store || !made) return;
    const url = URL.createObjectURL(made.blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = made.name;
    link.click();
    // The download has its own copy once it started; the URL is not needed after this turn.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    store.notify('success', `Exported ${made.name} (${made.files} files) for an editor.`);
  });
}
