/** The db seam: the only code that imports idb. Everything else imports from here. */
export * from './assets-repo.ts';
export * from './blobs-repo.ts';
export * from './episodes-repo.ts';
export * from './ids.ts';
export * from './jobs-repo.ts';
export * from './open-db.ts';
export type { PageAfter } from './paging.ts';
export * from './projects-repo.ts';
export * from './prompts-repo.ts';
export * from './quota.ts';
export * from './schema.ts';
export * from './segments-repo.ts';
export * from './settings-repo.ts';
export * from './spend-repo.ts';
export * from './videos-repo.ts';
export * from './backup-repo.ts';
