/// <reference lib="webworker" />
/** Runs one render off the main thread; the bridge starts a worker per render and terminates it to cancel. */
import type { RenderRequest, RenderResponse } from './protocol.ts';
import { render } from './render.ts';
import { RenderError } from './types.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: RenderResponse): void => scope.postMessage(msg);

scope.onmessage = async (event: MessageEvent<RenderRequest>) => {
  const { clips, options } = event.data;
  try {
    const result = await render(clips, options, (progress) => post({ type: 'progress', progress }));
    post({ type: 'done', result });
  } catch (err) {
    const e =
      err instanceof RenderError
        ? err
        : new RenderError('worker', `The render failed: ${(err as Error)?.message ?? String(err)}`);
    post({ type: 'error', error: { code: e.code, message: e.message, ...(e.clip ? { clip: e.clip } : {}) } });
  }
};
