import { describe, expect, it } from 'vitest';
import { LOCAL_CONNECTION } from '../../../src/state/app-state.ts';
import { createCatalog } from '../../../src/state/catalog.ts';
import { stillJob } from '../../../src/state/still-target.ts';
import type { Connection } from '../../../src/types.ts';

const catalog = createCatalog();
const OPENAI: Connection = { id: 'oa', kind: 'openai', label: 'OpenAI', concurrency: 2 };

describe('stillJob: the one still request (sheet, composite, segment still)', () => {
  it('asks the video connection’s still model at the nearest legal size, fitted to the video', () => {
    const request = stillJob(catalog, [LOCAL_CONNECTION, OPENAI], {
      prompt: 'Mara, front view',
      connectionId: 'oa',
      size: '720x1280',
      videoModel: 'sora-2',
      segmentId: 'seg-1',
    });
    expect(request).toMatchObject({
      prompt: 'Mara, front view',
      connectionId: 'oa',
      mode: 'image',
      seconds: 0,
      variants: 1,
      fit: 'crop',
      target: { connectionId: 'oa', model: 'sora-2', size: '720x1280' },
      segmentId: 'seg-1',
    });
    expect(catalog.find(OPENAI, request!.model, 'image')).toBeDefined();
  });

  it('falls back to the local preview still, and leaves out target and segment when not given', () => {
    const request = stillJob(catalog, [LOCAL_CONNECTION], {
      prompt: 'A rooftop at night',
      connectionId: 'gone',
      size: '720x1280',
    });
    expect(request?.connectionId).toBe(LOCAL_CONNECTION.id);
    expect(request).not.toHaveProperty('target');
    expect(request).not.toHaveProperty('segmentId');
  });

  it('is undefined when nothing makes stills', () => {
    expect(stillJob(catalog, [], { prompt: 'x', connectionId: 'oa', size: '720x1280' })).toBeUndefined();
  });
});
