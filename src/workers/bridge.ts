/**
 * The one typed bridge between the page and its module workers (stitch, render, preview, import, backup
 * digest). A `Protocol` maps each method to its request, response and progress types; the page holds a
 * `WorkerBridge` and calls `call(method, request, { signal, onProgress, transfer })`, the worker file is
 * just `serve({ method: handler })`. Aborting a call terminates its worker (the only way to stop a decode
 * or an encode) and rejects with the signal's reason (an AbortError); a worker that crashes or cannot load,
 * or a reply that cannot be read, rejects with a `WorkerError`. Workers start on first use, up to `size`
 * of them (each running `perWorker` calls at once, later calls queue), and stop after `idleMs` without work;
 * the next call starts a fresh one. Call sites pass the `new Worker(new URL('./x.worker.ts', import.meta.url))`
 * factory so vite sees the literal URL.
 */

/** One method of a protocol. `progress` is `never` for methods that report none. */
export interface Method<Req, Res, Progress = never> {
  req: Req;
  res: Res;
  progress: Progress;
}

export type Protocol = Record<string, Method<unknown, unknown, unknown>>;

/** How a handler's error crosses the boundary: its name and message, and its own fields (`code`, ...). */
export interface RemoteError {
  name: string;
  message: string;
  /** `toJSON()` of the error when it has one, else its own enumerable fields. */
  data?: unknown;
}

type CallMessage = { id: number; method: string; req: unknown };
type ReplyMessage =
  | { id: number; kind: 'progress'; progress: unknown }
  | { id: number; kind: 'done'; res: unknown }
  | { id: number; kind: 'error'; error: RemoteError };

/** Why a call failed other than by abort: the handler threw (`failed`), or the worker itself broke. */
export class WorkerError extends Error {
  override readonly name = 'WorkerError';
  constructor(
    readonly kind: 'failed' | 'crashed',
    message: string,
    /** For `failed`: what the handler threw. */
    readonly remote?: RemoteError,
  ) {
    super(message);
  }
}

export interface CallOptions<Progress> {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Moved, not copied, to the worker (detached here once posted). */
  transfer?: Transferable[];
}

export interface BridgeOptions {
  /** Makes one worker; keep `new URL('./x.worker.ts', import.meta.url)` literal in the caller. */
  create: () => Worker;
  /** Names the worker in error messages ("The stitching worker failed: ..."). */
  label: string;
  /** Workers at most (default 1). */
  size?: number;
  /** Calls one worker runs at once (default 1); more wait in a FIFO queue. */
  perWorker?: number;
  /** A worker without calls for this long is terminated; 0 terminates it as soon as it is idle. */
  idleMs?: number;
  /** Turns a failure into the caller's own error type; by default the `WorkerError` itself. */
  toError?: (error: WorkerError) => unknown;
}

interface Call {
  id: number;
  method: string;
  req: unknown;
  opts: CallOptions<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  calls: Map<number, Call>;
  idle?: ReturnType<typeof setTimeout>;
}

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');

export class WorkerBridge<P extends Protocol> {
  readonly #opts: Required<Omit<BridgeOptions, 'toError'>> & Pick<BridgeOptions, 'toError'>;
  #slots: Slot[] = [];
  #queue: Call[] = [];
  #nextId = 1;

  constructor(opts: BridgeOptions) {
    this.#opts = { size: 1, perWorker: 1, idleMs: 30_000, ...opts };
  }

  /** Workers running right now (for tests and benches). */
  get workers(): number {
    return this.#slots.length;
  }

  call<M extends keyof P & string>(
    method: M,
    req: P[M]['req'],
    opts: CallOptions<P[M]['progress']> = {},
  ): Promise<P[M]['res']> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const call: Call = {
        id: this.#nextId++,
        method,
        req,
        opts: opts as CallOptions<unknown>,
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as P[M]['res']);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = (): void => this.#abort(call);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(call);
      this.#pump();
    });
  }

  /** Terminates every worker; queued and running calls reject with an AbortError. */
  dispose(): void {
    const stopped = new DOMException(`The ${this.#opts.label} worker was stopped.`, 'AbortError');
    for (const call of this.#queue.splice(0)) call.reject(stopped);
    for (const slot of [...this.#slots]) {
      this.#drop(slot);
      for (const call of slot.calls.values()) call.reject(stopped);
    }
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.calls.size === 0);
      if (!slot && this.#slots.length < this.#opts.size) {
        slot = this.#spawn();
        if (!slot) return;
      }
      slot ??= this.#slots.find((s) => s.calls.size < this.#opts.perWorker);
      if (!slot) return;
      this.#send(slot, this.#queue.shift()!);
    }
  }

  #send(slot: Slot, call: Call): void {
    clearTimeout(slot.idle);
    slot.calls.set(call.id, call);
    try {
      const message: CallMessage = { id: call.id, method: call.method, req: call.req };
      slot.worker.postMessage(message, call.opts.transfer ?? []);
    } catch (error) {
      slot.calls.delete(call.id);
      call.reject(this.#fail(new WorkerError('crashed', this.#crashMessage(error))));
      this.#settled(slot);
    }
  }

  /** A new worker, or undefined (and every queued call rejected) when one cannot be made. */
  #spawn(): Slot | undefined {
    let worker: Worker;
    try {
      worker = this.#opts.create();
    } catch (error) {
      const failure = this.#fail(new WorkerError('crashed', this.#crashMessage(error)));
      for (const call of this.#queue.splice(0)) call.reject(failure);
      return undefined;
    }
    const slot: Slot = { worker, calls: new Map() };
    worker.addEventListener('message', (event: MessageEvent<ReplyMessage>) => this.#reply(slot, event.data));
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      this.#crash(slot, event.message);
    });
    worker.addEventListener('messageerror', () => this.#crash(slot, 'a reply could not be read'));
    this.#slots.push(slot);
    return slot;
  }

  #reply(slot: Slot, msg: ReplyMessage): void {
    const call = slot.calls.get(msg.id);
    if (!call) return;
    if (msg.kind === 'progress') {
      call.opts.onProgress?.(msg.progress);
      return;
    }
    slot.calls.delete(msg.id);
    if (msg.kind === 'done') call.resolve(msg.res);
    else call.reject(this.#fail(new WorkerError('failed', msg.error.message, msg.error)));
    this.#settled(slot);
  }

  /** A worker that fails to load or dies: reject its calls, forget it; the next call starts a fresh one. */
  #crash(slot: Slot, detail: string | undefined): void {
    this.#drop(slot);
    const error = this.#fail(new WorkerError('crashed', this.#crashMessage(detail)));
    for (const call of slot.calls.values()) call.reject(error);
    slot.calls.clear();
    this.#pump();
  }

  #abort(call: Call): void {
    const queued = this.#queue.indexOf(call);
    if (queued >= 0) this.#queue.splice(queued, 1);
    const slot = this.#slots.find((s) => s.calls.has(call.id));
    if (slot) {
      // Terminating stops the work; the worker's other calls start again elsewhere (unless their bytes moved).
      this.#drop(slot);
      slot.calls.delete(call.id);
      const again = [...slot.calls.values()];
      const stopped = new WorkerError('crashed', `The ${this.#opts.label} worker was stopped.`);
      for (const other of again.filter((c) => c.opts.transfer?.length)) other.reject(this.#fail(stopped));
      this.#queue.unshift(...again.filter((c) => !c.opts.transfer?.length));
    }
    call.reject(abortReason(call.opts.signal!));
    this.#pump();
  }

  #settled(slot: Slot): void {
    this.#pump();
    if (slot.calls.size > 0 || !this.#slots.includes(slot)) return;
    if (this.#opts.idleMs <= 0) this.#drop(slot);
    else slot.idle = setTimeout(() => this.#drop(slot), this.#opts.idleMs);
  }

  #drop(slot: Slot): void {
    clearTimeout(slot.idle);
    slot.worker.terminate();
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
  }

  #fail(error: WorkerError): unknown {
    return this.#opts.toError ? this.#opts.toError(error) : error;
  }

  #crashMessage(detail: unknown): string {
    const text = detail instanceof Error ? detail.message : typeof detail === 'string' ? detail : '';
    return `The ${this.#opts.label} worker failed: ${text || 'unknown error'}.`;
  }
}

/** What a handler gets besides its request. */
export interface ServeContext<Progress> {
  progress(progress: Progress): void;
}

const TRANSFER = Symbol('transfer');

/** A handler's answer with buffers to move (not copy) back to the page. */
export interface Transferring<Res> {
  readonly [TRANSFER]: Transferable[];
  readonly value: Res;
}

export const withTransfer = <Res>(value: Res, transfer: Transferable[]): Transferring<Res> => ({
  [TRANSFER]: transfer,
  value,
});

type Answer<Res> = Res | Transferring<Res>;

export type Handlers<P extends Protocol> = {
  [M in keyof P]: (
    req: P[M]['req'],
    ctx: ServeContext<P[M]['progress']>,
  ) => Answer<P[M]['res']> | Promise<Answer<P[M]['res']>>;
};

interface WorkerScope {
  postMessage(message: ReplyMessage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<CallMessage>) => void): void;
}

function toRemote(error: unknown): RemoteError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const withJson = error as Error & { toJSON?: () => unknown };
  const data = typeof withJson.toJSON === 'function' ? withJson.toJSON() : { ...error };
  return { name: error.name, message: error.message, data };
}

/** The worker side: answers each call with its handler's result, progress or error. */
export function serve<P extends Protocol>(handlers: Handlers<P>, scope?: WorkerScope): void {
  const target = scope ?? (globalThis as unknown as WorkerScope);
  target.addEventListener('message', (event) => {
    const { id, method, req } = event.data;
    const handler = handlers[method as keyof P];
    const ctx: ServeContext<unknown> = {
      progress: (progress) => target.postMessage({ id, kind: 'progress', progress }),
    };
    void (async () => {
      if (!handler) throw new Error(`Unknown worker method "${method}".`);
      return handler(req, ctx);
    })().then(
      (out) => {
        const moving = typeof out === 'object' && out !== null && TRANSFER in out;
        const res = moving ? (out as Transferring<unknown>).value : out;
        target.postMessage({ id, kind: 'done', res }, moving ? (out as Transferring<unknown>)[TRANSFER] : []);
      },
      (error: unknown) => target.postMessage({ id, kind: 'error', error: toRemote(error) }),
    );
  });
}
