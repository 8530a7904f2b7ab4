import type { EpisodeRecord } from '../../../src/types.ts';

/** An episode record for state tests: "Pilot", 12 s at 720x1280 on the local connection. */
export const episodeRecord = (patch: Partial<EpisodeRecord> = {}): EpisodeRecord => ({
  id: 'ep',
  projectId: 'p',
  title: 'Pilot',
  targetSeconds: 12,
  aspect: '9:16',
  size: '720x1280',
  connectionId: 'local',
  model: 'm',
  script: '',
  musicLevel: 0.4,
  captions: true,
  created: 1,
  updated: 1,
  ...patch,
});
