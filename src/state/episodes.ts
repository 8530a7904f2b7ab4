/**
 * Episode actions: projects → episodes → segments, auto-saved on every change. Framework-free; the store
 * owns one instance (`store.episodes`) and hands it an `EpisodeHost`. This file holds loading and the
 * project/episode records; segment editing is in episode-segments.ts, generating segments in
 * segment-generation.ts (the class layers, base first). Generating and chaining live in the builder
 * (episode-builder.ts); stitching and export files live in episode-export.ts.
 */
import type { EpisodeRecord, ProjectRecord, Size } from '../types.ts';
import { describeSize } from './catalog.ts';
import { EpisodeBuilder } from './episode-builder.ts';
import type { EpisodeHost } from './episode-records.ts';
import { EpisodeExporter } from './episode-export.ts';
import { EpisodeRenderer } from './episode-render.ts';
import { SegmentGeneration } from './segment-generation.ts';

export type { EpisodeHost } from './episode-records.ts';
export type { SegmentPatch } from './episode-segments.ts';
export { segmentStatus, type SegmentStatus } from './episode-status.ts';

export const DEFAULT_TARGET_SECONDS = 75;
export const DEFAULT_ASPECT = '9:16';
const OPEN_SETTING = 'episodes-open';

export type EpisodeSettings = Partial<
  Pick<
    EpisodeRecord,
    | 'title'
    | 'targetSeconds'
    | 'size'
    | 'model'
    | 'connectionId'
    | 'musicAssetId'
    | 'musicLevel'
    | 'captions'
    | 'render'
    | 'autoApprove'
  >
>;

export class EpisodeActions extends SegmentGeneration {
  readonly builder: EpisodeBuilder;
  readonly exporter: EpisodeExporter;
  readonly renderer: EpisodeRenderer;

  constructor(host: EpisodeHost) {
    super(host);
    this.builder = new EpisodeBuilder(host, this);
    this.exporter = new EpisodeExporter(host, this);
    this.renderer = new EpisodeRenderer(host, this);
  }

  // ——— loading ———

  async load(): Promise<void> {
    const { db } = this.host;
    const [projects, episodes, open] = await Promise.all([
      db.listProjects(),
      db.listEpisodes(),
      db.getSetting<string | undefined>(OPEN_SETTING, undefined),
    ]);
    for (const episode of episodes) {
      for (const segment of await db.listSegments(episode.id))
        this.projectOfSegment.set(segment.id, episode.projectId);
    }
    this.host.set({ projects, episodes });
    if (open && episodes.some((e) => e.id === open)) await this.openEpisode(open);
  }

  async openEpisode(id: string | undefined): Promise<void> {
    const segments = id ? await this.host.db.listSegments(id) : [];
    this.host.set({ openEpisodeId: id, segments, stitch: undefined });
    await this.host.db.setSetting(OPEN_SETTING, id);
    await this.refreshTakes();
  }

  // ——— projects and episodes ———

  async createProject(title: string): Promise<void> {
    const name = title.trim();
    if (!name) return this.host.notify('error', 'Give the series a name first.');
    const now = this.host.now();
    const project: ProjectRecord = { id: crypto.randomUUID(), title: name, created: now, updated: now };
    await this.host.db.putProject(project);
    this.host.set({ projects: [project, ...this.host.state().projects] });
    await this.createEpisode(project.id, 'Episode 1');
  }

  async renameProject(id: string, title: string): Promise<void> {
    const project = this.host.state().projects.find((p) => p.id === id);
    if (!project) return;
    if (!title.trim()) return this.host.notify('error', 'A series name cannot be empty.');
    const renamed = { ...project, title: title.trim(), updated: this.host.now() };
    await this.host.db.putProject(renamed);
    this.host.set({ projects: this.host.state().projects.map((p) => (p.id === id ? renamed : p)) });
  }

  async deleteProject(id: string): Promise<void> {
    const state = this.host.state();
    const project = state.projects.find((p) => p.id === id);
    if (!project) return;
    await this.host.db.deleteProject(id);
    const closing = state.episodes.some((e) => e.id === state.openEpisodeId && e.projectId === id);
    this.host.set({
      projects: state.projects.filter((p) => p.id !== id),
      episodes: state.episodes.filter((e) => e.projectId !== id),
    });
    if (closing) await this.openEpisode(undefined);
    this.host.notify('info', `Deleted the series “${project.title}”. Its clips stay in the library.`);
  }

  async createEpisode(projectId: string, title?: string): Promise<void> {
    const state = this.host.state();
    const { connectionId, model: modelId } = this.host.defaults();
    const connection = this.host.connection(connectionId);
    const model = connection ? this.host.catalog.find(connection, modelId) : undefined;
    const sizes = model?.sizes.map((s) => s.size) ?? [];
    const size = sizes.find((s) => describeSize(s).startsWith(DEFAULT_ASPECT)) ?? sizes[0] ?? '720x1280';
    const count = state.episodes.filter((e) => e.projectId === projectId).length;
    const now = this.host.now();
    const episode: EpisodeRecord = {
      id: crypto.randomUUID(),
      projectId,
      title: title?.trim() || `Episode ${count + 1}`,
      targetSeconds: DEFAULT_TARGET_SECONDS,
      aspect: aspectOf(size),
      size,
      connectionId: model ? connectionId : 'local',
      model: model?.id ?? 'local-preview',
      script: '',
      musicLevel: 0.3,
      captions: true,
      created: now,
      updated: now,
    };
    await this.host.db.putEpisode(episode);
    this.host.set({ episodes: [...state.episodes, episode] });
    await this.openEpisode(episode.id);
  }

  async updateEpisode(id: string, patch: EpisodeSettings): Promise<void> {
    const episode = this.host.state().episodes.find((e) => e.id === id);
    if (!episode) return;
    if (patch.title !== undefined && !patch.title.trim())
      return this.host.notify('error', 'An episode needs a title.');
    if (patch.targetSeconds !== undefined && !(patch.targetSeconds >= 4 && patch.targetSeconds <= 600)) {
      return this.host.notify('error', 'The target length must be between 4 and 600 seconds.');
    }
    const next: EpisodeRecord = { ...episode, ...patch, updated: this.host.now() };
    // A new provider without the episode's model: the episode takes that provider's first video model.
    const connection = patch.connectionId && this.host.connection(patch.connectionId);
    if (connection && patch.model === undefined && !this.modelFor(next))
      next.model = this.host.catalog.modelsFor(connection)[0]?.id ?? next.model;
    const model = this.modelFor(next);
    if (!model)
      return this.host.notify('error', `The model “${next.model}” is not offered by that provider.`);
    if (!model.sizes.some((s) => s.size === next.size)) next.size = model.sizes[0]?.size ?? next.size;
    next.aspect = aspectOf(next.size);
    await this.saveEpisode(next);
    // A new model may not allow the segments' durations: snap them, and say so.
    const illegal = this.host
      .state()
      .segments.filter((s) => s.episodeId === id && !model.durations.includes(s.seconds));
    if (illegal.length && this.host.state().openEpisodeId === id) {
      for (const s of illegal)
        await this.updateSegment(s.id, { seconds: nearest(model.durations, s.seconds) });
      this.host.notify(
        'info',
        `${model.label} makes ${model.durations.join(', ')} s clips; ${illegal.length} segment(s) were adjusted.`,
      );
    }
  }

  async deleteEpisode(id: string): Promise<void> {
    const state = this.host.state();
    const episode = state.episodes.find((e) => e.id === id);
    if (!episode) return;
    await this.host.db.deleteEpisode(id);
    this.host.set({ episodes: state.episodes.filter((e) => e.id !== id) });
    if (state.openEpisodeId === id) await this.openEpisode(undefined);
    this.host.notify('info', `Deleted “${episode.title}”. Its clips stay in the library.`);
  }

  /** Keeps the script as it is typed (the splitter debounces), so a reload before Split loses nothing. */
  async saveScript(id: string, script: string): Promise<void> {
    const episode = this.host.state().episodes.find((e) => e.id === id);
    if (!episode || episode.script === script) return;
    await this.saveEpisode({ ...episode, script, updated: this.host.now() });
  }
}

export const aspectOf = (size: Size): string => describeSize(size).split(' · ')[0] ?? size;

const nearest = (values: readonly number[], target: number): number =>
  values.reduce(
    (best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best),
    values[0] ?? target,
  );
