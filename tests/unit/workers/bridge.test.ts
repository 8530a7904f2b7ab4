import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve, withTransfer, WorkerBridge, WorkerError, type Method } from '../../../src/workers/bridge.ts';

type Echo = {
  echo: Method<{ text: string; steps?: number }, string, number>;
  fail: Method<{ code: string }, never>;
  hold: Method<{ tag: string }, string>;
};

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/** A Worker stand-in: postMessage reaches a `serve()` running on a fake worker scope, replies come back async. */
class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  terminated = false;
  posted: { message: unknown; transfer: Transferable[] }[] = [];
  readonly held = new Map<string, () => void>();
  #scope = new EventTarget();

  constructor() {
    super();
    FakeWorker.made.push(this);
    const scope = {
      postMessage: (message: unknown) =>
        queueMicrotask(() => {
          if (!this.terminated) this.dispatchEvent(new MessageEvent('message', { data: message }));
        }),
      addEventListener: (type: 'message', listener: (event: MessageEvent) => void) =>
        this.#scope.addEventListener(type, listener as EventListener),
    };
    serve<Echo>(
      {
        echo: ({ text, steps = 0 }, ctx) => {
          for (let i = 1; i <= steps; i++) ctx.progress(i / steps);
          return withTransfer(`${text}!`, []);
        },
        fail: async ({ code }) => {
          throw new CodedError(code, `failed with ${code}`);
        },
        hold: ({ tag }) => new Promise<string>((resolve) => this.held.set(tag, () => resolve(tag))),
      },
      scope,
    );
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.posted.push({ message, transfer });
    queueMicrotask(() => this.#scope.dispatchEvent(new MessageEvent('message', { data: message })));
  }

  terminate(): void {
    this.terminated = true;
  }

  crash(message: string): void {
    const event = Object.assign(new Event('error', { cancelable: true }), { message });
    this.dispatchEvent(event);
  }
}

const bridge = (opts: { size?: number; idleMs?: number; toError?: (e: WorkerError) => unknown } = {}) =>
  new WorkerBridge<Echo>({ create: () => new FakeWorker() as unknown as Worker, label: 'test', ...opts });

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((r) => setTimeout(r, 0));
};

afterEach(() => {
  FakeWorker.made = [];
  vi.useRealTimers();
});

describe('WorkerBridge', () => {
  it('answers a call with its handler result and forwards progress in order', async () => {
    const progress: number[] = [];
    const answer = await bridge().call(
      'echo',
      { text: 'hi', steps: 4 },
      { onProgress: (p) => progress.push(p) },
    );
    expect(answer).toBe('hi!');
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('passes the transfer list to postMessage', async () => {
    const buffer = new ArrayBuffer(8);
    await bridge().call('echo', { text: 'x' }, { transfer: [buffer] });
    expect(FakeWorker.made[0]!.posted[0]!.transfer).toEqual([buffer]);
  });

  it('aborting a running call terminates its worker, rejects with the AbortError, and the next call starts a fresh worker', async () => {
    const b = bridge();
    const controller = new AbortController();
    const running = b.call('hold', { tag: 'a' }, { signal: controller.signal });
    await until(() => FakeWorker.made[0]?.held.has('a') ?? false);
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(b.workers).toBe(0);
    expect(await b.call('echo', { text: 'again' })).toBe('again!');
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('an already-aborted signal rejects without starting a worker', async () => {
    await expect(bridge().call('echo', { text: 'x' }, { signal: AbortSignal.abort() })).rejects.toMatchObject(
      {
        name: 'AbortError',
      },
    );
    expect(FakeWorker.made).toHaveLength(0);
  });

  it('terminates an idle worker after idleMs and respawns on the next call', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const b = bridge({ idleMs: 1000 });
    await b.call('echo', { text: 'one' });
    expect(FakeWorker.made[0]!.terminated).toBe(false);
    vi.advanceTimersByTime(999);
    expect(FakeWorker.made[0]!.terminated).toBe(false);
    await b.call('echo', { text: 'two' }); // a call in between restarts the idle clock on the same worker
    expect(FakeWorker.made).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(await b.call('echo', { text: 'three' })).toBe('three!');
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('idleMs 0 terminates the worker as soon as its call settles', async () => {
    await bridge({ idleMs: 0 }).call('echo', { text: 'x' });
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });

  it('a handler error rejects with a WorkerError carrying its name, message and fields; toError maps it', async () => {
    const error = await bridge()
      .call('fail', { code: 'E1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({ kind: 'failed', message: 'failed with E1' });
    expect((error as WorkerError).remote).toMatchObject({ name: 'CodedError', data: { code: 'E1' } });
    const mapped = bridge({
      toError: (e) => new CodedError(String((e.remote?.data as { code: string }).code), e.message),
    });
    await expect(mapped.call('fail', { code: 'E2' })).rejects.toBeInstanceOf(CodedError);
  });

  it('a crashing worker rejects its calls with a clear error and is replaced on the next call', async () => {
    const b = bridge();
    const running = b.call('hold', { tag: 'a' });
    await until(() => FakeWorker.made[0]?.held.has('a') ?? false);
    FakeWorker.made[0]!.crash('boom');
    await expect(running).rejects.toMatchObject({
      kind: 'crashed',
      message: 'The test worker failed: boom.',
    });
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(await b.call('echo', { text: 'next' })).toBe('next!');
  });

  it('a reply that cannot be deserialized (messageerror) rejects', async () => {
    const running = bridge().call('hold', { tag: 'a' });
    await until(() => FakeWorker.made[0]?.held.has('a') ?? false);
    FakeWorker.made[0]!.dispatchEvent(new MessageEvent('messageerror'));
    await expect(running).rejects.toThrow('The test worker failed: a reply could not be read.');
  });

  it('a pool spreads calls over its workers and queues the rest until one is free', async () => {
    const b = bridge({ size: 2 });
    const calls = ['a', 'b', 'c'].map((tag) => b.call('hold', { tag }));
    await until(() => FakeWorker.made.length === 2 && FakeWorker.made.every((w) => w.held.size === 1));
    expect(FakeWorker.made.map((w) => [...w.held.keys()])).toEqual([['a'], ['b']]);
    FakeWorker.made[1]!.held.get('b')!();
    await expect(calls[1]).resolves.toBe('b');
    await until(() => FakeWorker.made[1]!.held.has('c'));
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[0]!.held.get('a')!();
    FakeWorker.made[1]!.held.get('c')!();
    expect(await Promise.all(calls)).toEqual(['a', 'b', 'c']);
  });

  it('aborting a queued call drops it without touching the running worker', async () => {
    const b = bridge();
    const first = b.call('hold', { tag: 'a' });
    const controller = new AbortController();
    const queued = b.call('hold', { tag: 'b' }, { signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    await until(() => FakeWorker.made[0]?.held.has('a') ?? false);
    FakeWorker.made[0]!.held.get('a')!();
    expect(await first).toBe('a');
    expect(FakeWorker.made[0]!.posted).toHaveLength(1);
  });

  it('dispose terminates the workers and rejects running and queued calls', async () => {
    const b = bridge();
    const running = b.call('hold', { tag: 'a' });
    const queued = b.call('hold', { tag: 'b' });
    b.dispose();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });
});
