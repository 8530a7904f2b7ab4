import type { ErrorInfo, JobRecord, VideoRecord } from '../../types.ts';
import { queryLibrary, toItems, type LibraryFilter, type LibraryItem } from '../library-query.ts';
import {
  checkBudget,
  localDay,
  spentOn,
  summariseSpend,
  type Budget,
  type BudgetCheck,
  type ProjectOf,
  type SpendSummary,
} from '../spend.ts';
import { errorMessage, type StoreCore } from '../store-core.ts';
import { submitRefusal } from '../submit-guard.ts';
import type { AppState } from '../app-state.ts';

/** The clip library and spend: clips and failed jobs as items, filters, favourites, deletes, budgets. */
export class LibrarySlice {
  private itemsMemo?: {
    videos: AppState['videos'];
    failedJobs: AppState['failedJobs'];
    items: LibraryItem[];
  };
  private resultsMemo?: { items: readonly LibraryItem[]; filter: LibraryFilter; results: LibraryItem[] };
  private projectOf: ProjectOf = () => undefined;

  constructor(private readonly core: StoreCore) {}

  /** Clips and failed jobs as library items (memoised on the lists they come from). */
  get libraryItems(): readonly LibraryItem[] {
    const { videos, failedJobs } = this.core.state;
    const memo = this.itemsMemo;
    if (memo?.videos === videos && memo.failedJobs === failedJobs) return memo.items;
    const items = toItems(videos, failedJobs);
    this.itemsMemo = { videos, failedJobs, items };
    return items;
  }

  /** The library as filtered, searched and sorted now. */
  get libraryResults(): readonly LibraryItem[] {
    const items = this.libraryItems;
    const filter = this.core.state.libraryFilter;
    const memo = this.resultsMemo;
    if (memo?.items === items && memo.filter === filter) return memo.results;
    const results = queryLibrary(items, filter);
    this.resultsMemo = { items, filter, results };
    return results;
  }

  /** Filter, search or sort the library; answers synchronously with the matching items. */
  setLibraryFilter(patch: Partial<LibraryFilter>): readonly LibraryItem[] {
    this.core.set({ libraryFilter: { ...this.core.state.libraryFilter, ...patch } });
    return this.libraryResults;
  }

  selectVideo(id: string | undefined): void {
    this.core.set({
      selectedVideoId: id,
      focusedJobId: undefined,
      view: id ? 'viewer' : this.core.state.view,
    });
  }

  async setFavourite(ids: readonly string[], favourite: boolean): Promise<void> {
    await this.patchVideos(ids, () => ({ favourite }));
  }

  async setTags(id: string, tags: readonly string[]): Promise<void> {
    await this.patchVideos([id], () => ({ tags: [...tags] }));
  }

  /** Whether a clip's provider copy can be deleted (it has one, and the provider offers deletion). */
  canDeleteRemote(video: VideoRecord): boolean {
    return !!video.providerJobId && !!this.core.providerFor(video.connectionId)?.remove;
  }

  async deleteVideo(id: string, options: { remote: boolean }): Promise<void> {
    const { core } = this;
    const video = await core.db.getVideo(id);
    if (!video) return;
    if (options.remote && video.providerJobId) {
      const provider = core.providerFor(video.connectionId);
      try {
        await provider?.remove?.({ id: video.providerJobId }, AbortSignal.timeout(20_000));
      } catch (error) {
        core.notify(
          'error',
          `The provider's copy was not deleted: ${errorMessage(error)} The local copy was kept.`,
        );
        return;
      }
    }
    await core.db.deleteVideo(id);
    core.urls.forget([video.blobId, video.thumbId]);
    core.set({
      videos: core.state.videos.filter((v) => v.id !== id),
      selectedVideoId: core.state.selectedVideoId === id ? undefined : core.state.selectedVideoId,
    });
    core.notify(
      'info',
      options.remote ? 'Deleted the clip here and at the provider.' : 'Deleted the clip from this device.',
    );
    core.post({ type: 'library-changed' });
  }

  /**
   * Deletes clips (and forgets failed jobs) by id. With `remote`, each clip's provider copy is deleted first
   * where the provider supports it; a clip whose remote delete fails keeps its local copy too.
   */
  async deleteClips(ids: readonly string[], options: { remote: boolean }): Promise<void> {
    const { core } = this;
    const { db } = core;
    let deleted = 0;
    const kept: string[] = [];
    for (const id of ids) {
      const video = await db.getVideo(id);
      if (!video) {
        if (core.state.failedJobs.some((j) => j.id === id)) {
          await db.deleteJob(id);
          deleted += 1;
        }
        continue;
      }
      if (options.remote && this.canDeleteRemote(video)) {
        try {
          await core
            .providerFor(video.connectionId)
            ?.remove?.({ id: video.providerJobId! }, AbortSignal.timeout(20_000));
        } catch (error) {
          kept.push(`“${video.prompt.slice(0, 40)}”: ${errorMessage(error)}`);
          continue;
        }
      }
      await db.deleteVideo(id);
      core.urls.forget([video.blobId, video.thumbId, video.spriteId]);
      deleted += 1;
    }
    const gone = new Set(ids);
    core.set({
      selectedVideoId: gone.has(core.state.selectedVideoId ?? '') ? undefined : core.state.selectedVideoId,
    });
    await Promise.all([this.reloadVideos(), this.reload()]);
    if (deleted) core.notify('info', `Deleted ${deleted} item${deleted === 1 ? '' : 's'}.`);
    if (kept.length)
      core.notify(
        'error',
        `Kept ${kept.length} clip(s) whose provider copy was not deleted: ${kept.join('; ')}`,
      );
    core.post({ type: 'library-changed' });
    void core.refreshStorage();
  }

  /** Lets the episodes code say which project a segment belongs to (for spend per project). */
  setProjectResolver(projectOf: ProjectOf): void {
    this.projectOf = projectOf;
    this.core.emit();
  }

  get spendSummary(): SpendSummary {
    return summariseSpend(this.core.state.spend, this.projectOf);
  }

  /** Spend committed today: recorded rows plus jobs in flight. */
  get todaySpent(): number {
    const { spend, jobs } = this.core.state;
    return spentOn(localDay(this.core.clock.now()), spend, jobs);
  }

  /** Checks `cost` against the caps (batches pass their total). */
  budgetCheck(cost: number, segmentId?: string): BudgetCheck {
    const { projectId, projectSpent } = this.projectSpend(segmentId);
    return checkBudget(this.core.state.budget, {
      cost,
      todaySpent: this.todaySpent,
      projectId,
      projectSpent,
    });
  }

  /** The runner's check before every create: budget (day and project) and a connection made here. */
  submitRefusal(job: JobRecord): ErrorInfo | undefined {
    const { state, clock } = this.core;
    return submitRefusal(job, {
      connection: this.core.connection(job.request.connectionId),
      budget: state.budget,
      spend: state.spend,
      jobs: state.jobs,
      now: clock.now(),
      ...this.projectSpend(job.request.segmentId),
    });
  }

  async setBudget(budget: Budget): Promise<void> {
    await this.core.db.setSetting('budget', budget);
    this.core.set({ budget });
    this.core.post({ type: 'library-changed' });
  }

  /** False (and says why, offering an override) when `cost` would exceed a budget cap. */
  allowSpend(cost: number, segmentId?: string): boolean {
    const check = this.budgetCheck(cost, segmentId);
    if (check.ok) return true;
    this.core.notify('error', `${check.message} Nothing was sent.`, {
      label: 'Generate anyway',
      intent: 'generate-anyway',
    });
    return false;
  }

  /** Re-reads failed jobs, spend and the budget. */
  async reload(): Promise<void> {
    const { db } = this.core;
    const [failedJobs, spend, budget] = await Promise.all([
      db.listFailedJobs(),
      db.listSpend(),
      db.getSetting<Budget>('budget', {}),
    ]);
    this.core.set({ failedJobs, spend, budget });
  }

  /** Re-reads the clip list (metadata only): the first `limit` clips, or all of them. */
  async reloadVideos(limit?: number): Promise<void> {
    const { db } = this.core;
    this.core.set({ videos: limit ? await db.listVideos(limit) : await db.listAllVideos() });
  }

  private projectSpend(segmentId: string | undefined): { projectId?: string; projectSpent?: number } {
    const projectId = segmentId ? this.projectOf(segmentId) : undefined;
    const projectSpent = projectId
      ? this.spendSummary.byProject.find((line) => line.key === projectId)?.total
      : undefined;
    return { projectId, projectSpent };
  }

  private async patchVideos(
    ids: readonly string[],
    patch: (video: VideoRecord) => Partial<Omit<VideoRecord, 'id'>>,
  ): Promise<void> {
    const updated = new Map<string, VideoRecord>();
    for (const id of ids) {
      const video = this.core.state.videos.find((v) => v.id === id);
      const row = video && (await this.core.db.updateVideo(id, patch(video)));
      if (row) updated.set(id, row);
    }
    if (!updated.size) return;
    this.core.set({ videos: this.core.state.videos.map((v) => updated.get(v.id) ?? v) });
    this.core.post({ type: 'library-changed' });
  }
}
