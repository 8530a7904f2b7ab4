/**
 * Domain types: the one place that says what Reelwright's records look like.
 * Every layer imports from here; nothing here imports from a layer. The records live in `types/` by area.
 */
export * from './types/assets.ts';
export * from './types/jobs.ts';
export * from './types/media.ts';
export * from './types/connections.ts';
export * from './types/models.ts';
export * from './types/episodes.ts';
export * from './types/speech.ts';
