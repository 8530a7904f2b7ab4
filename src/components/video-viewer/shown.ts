import { isTerminal, type JobRecord, type VideoRecord } from '../../types.ts';

/**
 * What the stage shows: the focused job or the selected clip; with neither (a fresh start, a reload, a
 * deleted selection) the newest job still running, else the newest finished clip — so a clip that finished
 * while the app was closed or reloading is on screen, not an empty "no clip selected".
 */
export function shown(state: {
  jobs: readonly JobRecord[];
  videos: readonly VideoRecord[];
  focusedJobId?: string;
  selectedVideoId?: string;
}): { job?: JobRecord; video?: VideoRecord; fallback?: 'running' | 'newest' } {
  const job = state.jobs.find((j) => j.id === state.focusedJobId);
  const video = state.videos.find((v) => v.id === state.selectedVideoId);
  if (job || video) return { job, video };
  const running = state.jobs.find((j) => !isTerminal(j.status) && j.request.mode !== 'image');
  if (running) return { job: running, fallback: 'running' };
  const newest = state.videos.reduce<VideoRecord | undefined>(
    (best, v) => (!best || v.created > best.created ? v : best),
    undefined,
  );
  return newest ? { video: newest, fallback: 'newest' } : {};
}
