import { describe, expect, it } from 'vitest';
import { hostOf, readConnectionForm } from '../../../src/components/settings/connection-save.ts';
import type { Connection } from '../../../src/types.ts';

const form = (fields: Record<string, string>): FormData => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

const openai: Connection = { id: 'c1', kind: 'openai', label: 'Gateway', concurrency: 2 };

describe('reading a submitted connection form', () => {
  it('trims fields, splits and filters the lists, clamps the concurrency', () => {
    const saved = readConnectionForm(
      openai,
      form({
        label: '  ',
        baseUrl: ' https://gw.example/v1// ',
        apiKey: ' sk-1 ',
        concurrency: '20',
        models: 'sora-2, , sora-2-pro',
        sizes: '720x1280, big, 1280x720',
        durations: '4, 0, 8.5, 12',
        sizeAsAspect: 'on',
      }),
    );
    expect(saved).toEqual({
      connection: {
        ...openai,
        label: 'Gateway',
        baseUrl: 'https://gw.example/v1',
        apiKey: 'sk-1',
        concurrency: 8,
        authStyle: 'bearer',
        organization: undefined,
        project: undefined,
        models: ['sora-2', 'sora-2-pro'],
        sizes: ['720x1280', '1280x720'],
        durations: [4, 12],
        sizeFormat: 'aspect',
      },
    });
  });

  it('empty lists mean the model’s own values; a local connection keeps no URL or key', () => {
    const saved = readConnectionForm(openai, form({ label: 'G', concurrency: '0', models: '', sizes: '' }));
    expect(saved).toMatchObject({ connection: { concurrency: 1, models: undefined, sizes: undefined } });
    const local: Connection = { id: 'l', kind: 'local', label: 'Local', concurrency: 1 };
    expect(
      readConnectionForm(local, form({ label: 'Here', baseUrl: 'https://x', concurrency: '3' })),
    ).toEqual({
      connection: { ...local, label: 'Here', concurrency: 3 },
    });
  });

  it('a fal base URL that is not the queue is refused with why; empty means the queue', () => {
    const fal: Connection = { id: 'f', kind: 'fal', label: 'fal', concurrency: 1 };
    expect(readConnectionForm(fal, form({ baseUrl: 'https://fal.ai', concurrency: '1' }))).toMatchObject({
      problem: expect.stringMatching(/queue/),
    });
    expect(readConnectionForm(fal, form({ baseUrl: '', concurrency: '1' }))).toMatchObject({
      connection: { baseUrl: 'https://queue.fal.run', apiKey: undefined },
    });
  });

  it('names the host a key is sent to', () => {
    expect(hostOf('https://gw.example:8443/v1')).toBe('gw.example:8443');
    expect(hostOf('not a url')).toBe('');
    expect(hostOf(undefined)).toBe('');
  });
});
