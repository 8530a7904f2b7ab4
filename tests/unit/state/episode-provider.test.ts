/**
 * Switching an episode's provider: the episode takes a model the new provider offers (the toolbar shows that
 * provider's models), instead of being refused and left on the old provider's model.
 */
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../src/state/app-state.ts';
import { EpisodeActions, type EpisodeHost } from '../../../src/state/episodes.ts';
import type { LibraryDb } from '../../../src/state/ports.ts';
import type { Connection, EpisodeRecord, ModelSpec } from '../../../src/types.ts';
import { episodeRecord } from './episode-fixture.ts';

const spec = (id: string): ModelSpec =>
  ({ id, label: id, durations: [4, 8], sizes: [{ size: '720x1280' }] }) as unknown as ModelSpec;
const connections = {
  local: { id: 'local', kind: 'local' } as Connection,
  fal: { id: 'fal', kind: 'fal' } as Connection,
};
const offered: Record<string, ModelSpec[]> = {
  local: [spec('local-preview')],
  fal: [spec('fal-ai/veo3.1'), spec('fal-ai/kling')],
};

function setup() {
  const episode = episodeRecord({ model: 'local-preview' });
  let state = { episodes: [episode], segments: [], openEpisodeId: 'ep' } as unknown as AppState;
  const notices: string[] = [];
  const written: EpisodeRecord[] = [];
  const host = {
    db: { putEpisode: async (e: EpisodeRecord) => void written.push(e) } as unknown as LibraryDb,
    catalog: {
      find: (c: Connection, id: string) => offered[c.id]?.find((m) => m.id === id),
      modelsFor: (c: Connection) => offered[c.id] ?? [],
    },
    state: () => state,
    set: (patch: Partial<AppState>) => void (state = { ...state, ...patch }),
    notify: (_tone: string, message: string) => void notices.push(message),
    now: () => 2,
    connection: (id: string) => connections[id as keyof typeof connections],
    subscribe: () => () => undefined,
  } as unknown as EpisodeHost;
  return { actions: new EpisodeActions(host), state: () => state, notices, written };
}

describe('switching an episode to another provider', () => {
  it('takes the new provider’s first model when the old one is not offered there', async () => {
    const { actions, state, notices, written } = setup();
    await actions.updateEpisode('ep', { connectionId: 'fal' });
    expect(notices).toEqual([]);
    expect(state().episodes[0]).toMatchObject({ connectionId: 'fal', model: 'fal-ai/veo3.1' });
    expect(written.at(-1)).toMatchObject({ connectionId: 'fal', model: 'fal-ai/veo3.1' });
  });

  it('keeps an explicitly chosen model, and refuses one the provider does not offer', async () => {
    const { actions, state, notices } = setup();
    await actions.updateEpisode('ep', { connectionId: 'fal', model: 'fal-ai/kling' });
    expect(state().episodes[0]).toMatchObject({ connectionId: 'fal', model: 'fal-ai/kling' });
    await actions.updateEpisode('ep', { model: 'nope' });
    expect(notices).toEqual(['The model “nope” is not offered by that provider.']);
    expect(state().episodes[0]!.model).toBe('fal-ai/kling');
  });
});
