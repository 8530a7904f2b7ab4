import { describe, expect, it } from 'vitest';
import { LOST_IN_MEMORY } from '../../../src/providers/errors.ts';
import { createLocalPreviewProvider } from '../../../src/providers/local-preview-provider.ts';
import type { SubmitRequest } from '../../../src/providers/types.ts';
import type { ModelSpec } from '../../../src/types.ts';

const request: SubmitRequest = {
  model: { id: 'local-preview', provider: 'local', mode: 'video' } as ModelSpec,
  modelId: 'local-preview',
  prompt: 'A lighthouse at dawn',
  size: '720x1280',
  seconds: 4,
};

const provider = () =>
  createLocalPreviewProvider({ render: async () => new Blob(['mp4']), pace: () => 'fast' });

describe('local preview provider', () => {
  it('renders a submitted job and hands over the file once', async () => {
    const local = provider();
    const signal = new AbortController().signal;
    const handle = await local.submit(request, signal);
    await expect.poll(async () => (await local.poll(handle, signal)).state).toBe('completed');
    expect((await local.download(handle, signal)).files).toHaveLength(1);
  });

  it('says a job it does not hold (started before a reload) is lost from memory, and that it reruns for free', async () => {
    const local = provider();
    const signal = new AbortController().signal;
    const stale = { id: 'local_from_before_the_reload', data: { seconds: '4' } };
    expect(local.rerunsWhenLost).toBe(true);
    await expect(local.poll(stale, signal)).rejects.toMatchObject({
      kind: 'not-found',
      code: LOST_IN_MEMORY,
    });
    await expect(local.download(stale, signal)).rejects.toMatchObject({ code: LOST_IN_MEMORY });
  });
});
