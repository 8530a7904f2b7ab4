/**
 * "Try a sample series": on a first run, a small example series made on this device with the local preview
 * (no key, no network) — a cast of two, a three-beat script split on `---`, its storyboard generated,
 * approved and stitched — so a newcomer sees a finished episode within a minute. What it creates is written
 * down in a setting as it goes, so "Remove sample" deletes exactly that (and nothing the user made), even
 * after a reload in the middle.
 */
import { isTerminal, type JobRecord } from '../types.ts';
import type { CastActions } from './cast-actions.ts';
import type { EpisodeActions, EpisodeHost } from './episodes.ts';

export const SAMPLE_SETTING = 'sample-series';
/** "All of them" for list calls that take a limit (IndexedDB counts are 32-bit). */
const MANY = 100_000;

export const SAMPLE_TITLE = 'Sample: The Last Tram';

/** The sample's script: three beats, `---` between them, the cast named with `@`. */
export const SAMPLE_SCRIPT = [
  '@Mara sprints across a rain-slick square at night as the last tram pulls in.',
  '---',
  '@Theo, the driver, sees her in the mirror and holds the doors a heartbeat longer.',
  '---',
  'The doors close behind @Mara; the tram glides off into the fog, its windows glowing.',
].join('\n');

export const SAMPLE_CAST = [
  { name: 'Mara', description: 'a night-shift courier, short black bob, yellow raincoat' },
  { name: 'Theo', description: 'an old tram driver, grey moustache, navy uniform cap' },
] as const;

/** What the sample made, as it made it (the setting's value). */
export interface SampleManifest {
  projectId: string;
  episodeId?: string;
  segmentIds: string[];
  /** Prompt-history rows the sample's jobs created (texts that were not in the history before). */
  prompts: string[];
  /** The stitched episode, once it is done. */
  videoId?: string;
}

export type SampleStatus =
  | { phase: 'none' }
  | { phase: 'making'; message: string; done: number; total: number }
  | { phase: 'ready'; videoId?: string }
  | { phase: 'removing' }
  | { phase: 'error'; message: string };

/** What the sample drives besides the episode host: the store's public actions. */
export interface SampleActions {
  readonly episodes: EpisodeActions;
  readonly cast: CastActions;
  cancelJob(id: string): Promise<void>;
  selectVideo(id: string | undefined): void;
}

export class SampleSeries {
  private manifest?: SampleManifest;
  private loaded?: Promise<void>;
  private current: SampleStatus = { phase: 'none' };
  private running?: Promise<void>;
  /** Set by remove(): the making stops at its next step. */
  private stopping = false;

  constructor(
    private readonly host: EpisodeHost,
    private readonly actions: SampleActions,
  ) {}

  /** Where the sample stands; `none` also when the user deleted the sample's series by hand. */
  get status(): SampleStatus {
    const { phase } = this.current;
    if ((phase === 'ready' || phase === 'error') && !this.exists()) return { phase: 'none' };
    return this.current;
  }

  /** Reads what a previous session made; resumes a sample a reload interrupted. Idempotent. */
  load(): Promise<void> {
    return (this.loaded ??= (async () => {
      const saved = await this.host.db.getSetting<SampleManifest | undefined>(SAMPLE_SETTING, undefined);
      if (!saved?.projectId) return;
      this.manifest = saved;
      this.report({ phase: 'ready', videoId: saved.videoId });
      if (saved.videoId || !saved.segmentIds.length) return;
      // Resume only where the jobs are loaded and run (the leading tab), so nothing is queued twice.
      void this.until(() => this.host.state().runsJobs).then(() => {
        if (this.exists() && !this.running && this.manifest === saved) void this.run(() => this.finish());
      });
    })());
  }

  /** Makes the sample series (once; a second call while it exists does nothing). */
  async create(): Promise<void> {
    await this.load();
    if (this.manifest || this.running) return;
    this.report({ phase: 'making', message: 'Writing the sample series…', done: 0, total: 3 });
    // The episodes module loads just after the first paint.
    await this.until(() => this.episodesLoaded());
    await this.run(() => this.make());
  }

  /** Deletes the sample's series, episode, segments, jobs, clips and prompt history; nothing else. */
  async remove(): Promise<void> {
    await this.load();
    const manifest = this.manifest;
    if (!manifest) return;
    this.report({ phase: 'removing' });
    const { db } = this.host;
    // Stop the making, then what is still generating, so no clip lands after the clean-up.
    this.stopping = true;
    await this.running?.catch(() => undefined);
    this.stopping = false;
    const segments = new Set(manifest.segmentIds);
    const jobs = (await db.listJobs(MANY)).filter(
      (j) => j.request.segmentId && segments.has(j.request.segmentId),
    );
    for (const job of jobs) if (!isTerminal(job.status)) await this.actions.cancelJob(job.id);
    await this.until(() => this.sampleJobs().every((j) => isTerminal(j.status)));

    const episodeIds = new Set(
      this.host
        .state()
        .episodes.filter((e) => e.projectId === manifest.projectId)
        .map((e) => e.id),
    );
    if (manifest.episodeId) episodeIds.add(manifest.episodeId);
    const videos = (await db.listAllVideos()).filter(
      (v) =>
        v.id === manifest.videoId ||
        (v.segmentId !== undefined && segments.has(v.segmentId)) ||
        (v.episodeId !== undefined && episodeIds.has(v.episodeId)) ||
        jobs.some((j) => j.id === v.jobId),
    );
    for (const video of videos) await db.deleteVideo(video.id);
    for (const job of jobs) await db.deleteJob(job.id);
    for (const text of manifest.prompts) await db.forgetPrompt?.(text);
    await db.deleteProject(manifest.projectId);

    const state = this.host.state();
    const goneVideos = new Set(videos.map((v) => v.id));
    const goneJobs = new Set(jobs.map((j) => j.id));
    this.host.set({
      projects: state.projects.filter((p) => p.id !== manifest.projectId),
      episodes: state.episodes.filter((e) => !episodeIds.has(e.id)),
      jobs: state.jobs.filter((j) => !goneJobs.has(j.id)),
      failedJobs: state.failedJobs.filter((j) => !goneJobs.has(j.id)),
      focusedJobId: goneJobs.has(state.focusedJobId ?? '') ? undefined : state.focusedJobId,
      selectedVideoId: goneVideos.has(state.selectedVideoId ?? '') ? undefined : state.selectedVideoId,
    });
    if (state.openEpisodeId && episodeIds.has(state.openEpisodeId))
      await this.actions.episodes.openEpisode(undefined);
    await this.host.reloadVideos();
    await db.setSetting(SAMPLE_SETTING, undefined);
    this.manifest = undefined;
    this.report({ phase: 'none' });
    this.host.notify('info', `Removed the sample series and its ${videos.length} clips.`);
  }

  // ——— making ———

  private async run(work: () => Promise<void>): Promise<void> {
    this.running = work()
      .catch((error: unknown) => {
        if (this.current.phase === 'removing') return;
        const message = error instanceof Error ? error.message : String(error);
        this.report({ phase: 'error', message: `The sample could not be finished: ${message}` });
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async make(): Promise<void> {
    const known = new Set(this.host.state().projects.map((p) => p.id));
    await this.actions.episodes.createProject(SAMPLE_TITLE);
    this.checkStop();
    const project = this.host.state().projects.find((p) => p.title === SAMPLE_TITLE && !known.has(p.id));
    if (!project) throw new Error('the series was not created.');
    const manifest: SampleManifest = { projectId: project.id, segmentIds: [], prompts: [] };
    await this.save(manifest);
    const episode = this.host.state().episodes.find((e) => e.projectId === project.id);
    if (!episode) throw new Error('the episode was not created.');
    manifest.episodeId = episode.id;
    await this.save(manifest);
    // Keyless and offline: the local preview, 9:16, approved as the takes arrive.
    await this.actions.episodes.updateEpisode(episode.id, {
      connectionId: 'local',
      model: 'local-preview',
      size: '720x1280',
      targetSeconds: 12,
      autoApprove: true,
    });
    for (const member of SAMPLE_CAST)
      await this.actions.cast.addMember(project.id, 'cast', member.name, member.description);
    this.checkStop();
    await this.actions.episodes.openEpisode(episode.id);
    await this.actions.episodes.splitScript(SAMPLE_SCRIPT, 'beats');
    manifest.segmentIds = this.host.state().segments.map((s) => s.id);
    if (!manifest.segmentIds.length) throw new Error('the script was not split.');
    await this.save(manifest);
    this.checkStop();
    await this.finish();
  }

  /** Generates what is missing, waits for the approved takes, stitches; resumable after a reload. */
  private async finish(): Promise<void> {
    const manifest = this.manifest!;
    const episodes = this.actions.episodes;
    const total = manifest.segmentIds.length;
    if (this.host.state().openEpisodeId !== manifest.episodeId)
      await episodes.openEpisode(manifest.episodeId);
    const before = await this.promptTexts();
    this.checkStop();
    if (episodes.pendingSegments().length) await episodes.generateAll();
    const after = this.sampleJobs().map((j) => j.request.prompt.trim());
    manifest.prompts = [...new Set([...manifest.prompts, ...after.filter((t) => !before.has(t))])];
    await this.save(manifest);

    const progress = (): boolean => {
      this.checkStop();
      // The latest job of each segment (a reload may have left an older, failed one behind).
      const latest = manifest.segmentIds.map((id) =>
        this.sampleJobs()
          .filter((j) => j.request.segmentId === id)
          .reduce<JobRecord | undefined>((a, j) => (!a || j.created > a.created ? j : a), undefined),
      );
      const failed = latest.find((j) => j && isTerminal(j.status) && j.status !== 'done');
      if (failed) throw new Error(failed.error?.message ?? `a clip ended ${failed.status}.`);
      const done = latest.filter((j) => j?.status === 'done').length;
      if (this.current.phase === 'making' && this.current.done !== done)
        this.report({
          phase: 'making',
          message: `Generating the storyboard: ${done} of ${total} clips`,
          done,
          total,
        });
      return done === total;
    };
    this.report({
      phase: 'making',
      message: `Generating the storyboard: 0 of ${total} clips`,
      done: 0,
      total,
    });
    await this.until(progress);
    await this.until(() => (this.checkStop(), this.sampleSegmentsApproved()));
    this.report({ phase: 'making', message: 'Stitching the episode…', done: total, total });
    if (this.host.state().openEpisodeId !== manifest.episodeId)
      await episodes.openEpisode(manifest.episodeId);
    this.checkStop();
    await episodes.renderer.export();
    const stitch = this.host.state().stitch;
    if (!stitch || stitch.episodeId !== manifest.episodeId || stitch.phase !== 'done' || !stitch.videoId)
      throw new Error(stitch?.message ?? 'the episode was not stitched.');
    manifest.videoId = stitch.videoId;
    await this.save(manifest);
    this.report({ phase: 'ready', videoId: stitch.videoId });
    this.actions.selectVideo(stitch.videoId);
    this.host.notify('success', 'The sample episode is ready: three clips, stitched on this device.');
  }

  // ——— helpers ———

  private episodesLoaded(): boolean {
    try {
      return !!this.actions.episodes;
    } catch {
      return false;
    }
  }

  private checkStop(): void {
    if (this.stopping) throw new Error('the sample is being removed.');
  }

  private exists(): boolean {
    return !!this.manifest && this.host.state().projects.some((p) => p.id === this.manifest!.projectId);
  }

  private sampleJobs(): JobRecord[] {
    const ids = new Set(this.manifest?.segmentIds ?? []);
    return this.host.state().jobs.filter((j) => j.request.segmentId && ids.has(j.request.segmentId));
  }

  private sampleSegmentsApproved(): boolean {
    const state = this.host.state();
    if (state.openEpisodeId !== this.manifest?.episodeId) return false;
    return state.segments.length > 0 && state.segments.every((s) => !!s.approvedTakeId);
  }

  private async promptTexts(): Promise<Set<string>> {
    const rows = await this.host.db.listPrompts('', MANY);
    return new Set(rows.map((r) => r.text));
  }

  private async save(manifest: SampleManifest): Promise<void> {
    this.manifest = manifest;
    await this.host.db.setSetting(SAMPLE_SETTING, { ...manifest });
  }

  /** Resolves once `test` holds (checked now and on every store change); rejects if it throws. */
  private until(test: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      let stop = (): void => undefined;
      const check = (): void => {
        try {
          if (!test()) return;
          stop();
          resolve();
        } catch (error) {
          stop();
          reject(error as Error);
        }
      };
      stop = this.host.subscribe(check);
      check();
    });
  }

  private report(status: SampleStatus): void {
    this.current = status;
    // An empty patch is a change notice: the panes re-render with the new status.
    this.host.set({});
  }
}
