import type { LibraryDb } from '../state/ports.ts';
import { isTerminal } from '../types.ts';
import * as repo from './index.ts';

/** The store's view of the database: the repositories bound to one open connection. */
export function createLibraryDb(db: repo.DbConnection): LibraryDb {
  return {
    async addAsset(asset, blob, thumbnail) {
      await repo.addAsset(db, asset, blob, thumbnail);
    },
    findAssetBySha256: (sha256) => repo.findAssetBySha256(db, sha256),
    listAssets: (query) => repo.listAssets(db, query),
    countAssets: () => repo.countAssets(db),
    getAsset: (id) => repo.getAsset(db, id),
    async renameAsset(id, name) {
      const renamed = await repo.renameAsset(db, id, name);
      if (!renamed) throw new Error('That asset no longer exists.');
      return renamed;
    },
    deleteAsset: (id) => repo.deleteAsset(db, id),
    restoreAsset: (deleted) => repo.restoreAsset(db, { asset: deleted.asset, blobs: deleted.blobs }),
    getBlob: (id) => repo.getBlob(db, id),
    getBlobs: (ids) => repo.getBlobs(db, ids),
    putBlob: (id, blob) => repo.putBlob(db, id, blob),

    async saveClip(video, blob, thumbnail) {
      await repo.saveClip(db, video, blob, thumbnail);
    },
    listVideos: (limit) => repo.listVideos(db, { limit }),
    getVideo: (id) => repo.getVideo(db, id),
    async deleteVideo(id) {
      await repo.deleteVideo(db, id);
    },
    // One getAll on the index (ascending created, then id) reversed: newest first, far faster than a cursor.
    listAllVideos: async () => (await db.getAllFromIndex('videos', 'by-created')).reverse(),
    updateVideo: (id, patch) => repo.updateVideo(db, id, patch),
    async listFailedJobs() {
      const statuses = ['failed', 'expired', 'unknown', 'canceled'] as const;
      const rows = await Promise.all(
        statuses.map((status) => db.getAllFromIndex('jobs', 'by-status', status)),
      );
      return rows.flat().sort((a, b) => b.created - a.created);
    },

    get: (id) => repo.getJob(db, id),
    putJob: (job) => repo.putJob(db, job),
    async update(id, patch) {
      const job = await repo.updateJob(db, id, patch);
      if (!job) throw new Error(`Job ${id} is missing from the ledger.`);
      return job;
    },
    listActive: () => repo.listActiveJobs(db),
    async listJobs(limit) {
      const jobs = await repo.listJobs(db);
      return jobs
        .sort((a, b) => Number(isTerminal(a.status)) - Number(isTerminal(b.status)) || b.created - a.created)
        .slice(0, limit);
    },
    deleteJob: (id) => repo.deleteJob(db, id),

    async recordPromptUse(text, videoId) {
      await repo.recordPromptUse(db, text, videoId);
    },
    async attachVideoToPrompt(text, videoId) {
      await repo.attachVideoToPrompt(db, text, videoId);
    },
    listPrompts: (query, limit) => repo.listPrompts(db, { query: query || undefined, limit }),
    async forgetPrompt(text) {
      const row = await repo.getPromptByText(db, text);
      if (row) await repo.deletePrompt(db, row.id);
    },

    getSetting: (key, fallback) => repo.getSetting(db, key, fallback),
    setSetting: (key, value) => repo.setSetting(db, key, value),

    recordSpend: (spend) => repo.recordSpend(db, spend),

    // ——— episodes (schema v3) ———
    listProjects: () => repo.listProjects(db),
    async putProject(project) {
      await repo.putProject(db, project);
    },
    async deleteProject(id) {
      await repo.deleteProject(db, id);
    },
    listEpisodes: () => repo.listEpisodes(db),
    getEpisode: (id) => repo.getEpisode(db, id),
    async putEpisode(episode) {
      await repo.putEpisode(db, episode);
    },
    async deleteEpisode(id) {
      await repo.deleteEpisode(db, id);
    },
    listSegments: (episodeId) => repo.listSegments(db, episodeId),
    getSegment: (id) => repo.getSegment(db, id),
    putSegments: (segments) => repo.putSegments(db, segments),
    replaceSegments: (episodeId, segments) => repo.replaceSegments(db, episodeId, segments),
    deleteSegments: (ids) => repo.deleteSegments(db, ids),
    addTake: (segmentId, videoId, now) => repo.addTake(db, segmentId, videoId, now),
    listSpend: (options) => repo.listSpend(db, options),
  };
}
