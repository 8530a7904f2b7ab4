/**
 * Cast actions: add, edit and remove the characters and sets of a series, ask for character-sheet stills
 * and approve one as a reference. The cast lives on the ProjectRecord, so backups and exports carry it.
 */
import type { CastMember, ProjectRecord } from '../types.ts';
import { castOf, compositePrompt, membersOf, newMember, sheetPrompt } from './cast.ts';
import type { EpisodeHost } from './episodes.ts';
import { NO_STILL_MODEL, stillJob } from './still-target.ts';

export type CastKind = 'cast' | 'sets';

export type MemberPatch = Partial<Pick<CastMember, 'name' | 'description' | 'referenceIds' | 'voice'>>;

export class CastActions {
  private readonly host: EpisodeHost;

  constructor(host: EpisodeHost) {
    this.host = host;
  }

  project(id: string): ProjectRecord | undefined {
    return this.host.state().projects.find((p) => p.id === id);
  }

  async addMember(
    projectId: string,
    kind: CastKind,
    name: string,
    description = '',
  ): Promise<string | undefined> {
    const project = this.project(projectId);
    if (!project) return undefined;
    const all = [...(project.cast ?? []), ...(project.sets ?? [])];
    const member = newMember(name, description, all);
    if (!member) {
      this.host.notify(
        'error',
        name.trim() ? `“${name.trim()}” is already in this series.` : 'Give it a name first.',
      );
      return undefined;
    }
    await this.save({ ...project, [kind]: [...(project[kind] ?? []), member] });
    return member.id;
  }

  async updateMember(projectId: string, kind: CastKind, id: string, patch: MemberPatch): Promise<void> {
    const project = this.project(projectId);
    const member = project?.[kind]?.find((m) => m.id === id);
    if (!project || !member) return;
    if (patch.name !== undefined) {
      const others = [...(project.cast ?? []), ...(project.sets ?? [])].filter((m) => m.id !== id);
      if (!newMember(patch.name, '', others))
        return this.host.notify('error', `“${patch.name.trim()}” is empty or already in this series.`);
    }
    const next = { ...member, ...patch, ...(patch.name !== undefined ? { name: patch.name.trim() } : {}) };
    await this.save({ ...project, [kind]: project[kind]!.map((m) => (m.id === id ? next : m)) });
  }

  async removeMember(projectId: string, kind: CastKind, id: string): Promise<void> {
    const project = this.project(projectId);
    if (!project?.[kind]?.some((m) => m.id === id)) return;
    await this.save({ ...project, [kind]: project[kind]!.filter((m) => m.id !== id) });
  }

  /**
   * "Make a character sheet": an image-mode still from the description, at the open episode's size, with
   * the episode's still model (or the local preview). It is kept as a candidate until approved.
   */
  async makeSheet(projectId: string, kind: CastKind, id: string): Promise<void> {
    const project = this.project(projectId);
    const member = project?.[kind]?.find((m) => m.id === id);
    if (!project || !member) return;
    const state = this.host.state();
    const episode =
      state.episodes.find((e) => e.id === state.openEpisodeId && e.projectId === projectId) ??
      state.episodes.find((e) => e.projectId === projectId);
    const size = episode?.size ?? '720x1280';
    const connectionId = episode?.connectionId ?? this.host.defaults().connectionId;
    const request = stillJob(this.host.catalog, state.connections, {
      prompt: sheetPrompt(member, kind === 'sets'),
      connectionId,
      size,
      videoModel: episode?.model,
    });
    if (!request) return this.host.notify('error', NO_STILL_MODEL);
    const job = await this.host.enqueue(request);
    if (!job) return;
    const fresh = this.project(projectId)!;
    const sheetJobIds = [...(member.sheetJobIds ?? []), job.id];
    await this.save({
      ...fresh,
      [kind]: fresh[kind]!.map((m) => (m.id === id ? { ...m, sheetJobIds } : m)),
    });
  }

  /** The sheet becomes a reference (the first approved one is the main reference); its job leaves the list. */
  async approveSheet(projectId: string, kind: CastKind, id: string, assetId: string): Promise<void> {
    const project = this.project(projectId);
    const member = project?.[kind]?.find((m) => m.id === id);
    if (!project || !member) return;
    const asset = this.host.state().assets.find((a) => a.id === assetId);
    const next: CastMember = {
      ...member,
      referenceIds: member.referenceIds.includes(assetId)
        ? member.referenceIds
        : [...member.referenceIds, assetId],
      sheetJobIds: (member.sheetJobIds ?? []).filter((j) => j !== asset?.origin?.jobId),
    };
    await this.save({ ...project, [kind]: project[kind]!.map((m) => (m.id === id ? next : m)) });
  }

  /**
   * Too few reference slots: one still with everyone the segment names (image mode, at the segment's size),
   * added to the segment's stills. Once approved it is the first frame and no sheets are sent.
   */
  async makeComposite(segmentId: string): Promise<void> {
    const state = this.host.state();
    const segment = state.segments.find((s) => s.id === segmentId);
    const episode = segment && state.episodes.find((e) => e.id === segment.episodeId);
    if (!segment || !episode) return;
    const members = membersOf(segment, castOf(this.project(episode.projectId)));
    if (!members.length) return this.host.notify('error', 'Nobody from the cast is in this segment.');
    const size = segment.size ?? episode.size;
    const request = stillJob(this.host.catalog, state.connections, {
      prompt: compositePrompt(members),
      connectionId: episode.connectionId,
      size,
      videoModel: episode.model,
      segmentId,
    });
    if (!request) return this.host.notify('error', NO_STILL_MODEL);
    await this.host.enqueue(request);
  }

  private async save(project: ProjectRecord): Promise<void> {
    const next = { ...project, updated: this.host.now() };
    await this.host.db.putProject(next);
    this.host.set({ projects: this.host.state().projects.map((p) => (p.id === next.id ? next : p)) });
  }
}
