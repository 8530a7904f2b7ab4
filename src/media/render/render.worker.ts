/** Runs one render off the main thread; the bridge starts a worker per render and terminates it to cancel. */
import { serve } from '../../workers/bridge.ts';
import type { RenderProtocol } from './protocol.ts';
import { render } from './render.ts';
import { RenderError } from './types.ts';

serve<RenderProtocol>({
  render: ({ clips, options }, ctx) =>
    render(clips, options, ctx.progress).catch((err: unknown) => {
      if (err instanceof RenderError) throw err;
      throw new RenderError('worker', `The render failed: ${(err as Error)?.message ?? String(err)}`);
    }),
});
