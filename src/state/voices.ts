/**
 * Voices (issue 17): a segment's dialogue lines voiced through a speech provider: the user's own key
 * (OpenAI-compatible `/audio/speech`, fal TTS) or the keyless local placeholder voice. Each request is
 * checked against the speech catalog and the budget before anything is sent, recorded as spend once sent,
 * and its audio is kept as a take (an audio asset) on the segment's line, like video takes.
 * Framework-free; the store owns one instance (`store.voices`). The pure part is voice-lines.ts.
 */
import { ProviderError, isProviderError } from '../providers/errors.ts';
import { backoffDelay, clampHint } from '../providers/retry.ts';
import type { SpeechProvider, SpeechSubmitRequest } from '../providers/speech-request.ts';
import type {
  AssetRecord,
  Connection,
  DialogueLineRecord,
  ProjectRecord,
  SegmentRecord,
  SpeakerVoice,
  SpeechModelSpec,
  SpeechSource,
  SpendRecord,
} from '../types.ts';
import type { AppState, Notice } from './app-state.ts';
import type { EpisodeHost } from './episodes.ts';
import type { LibraryDb } from './ports.ts';
import { createSpeechCatalog, estimateSpeechCost, type SpeechCatalog } from './speech-catalog.ts';
import { localDay, type BudgetCheck } from './spend.ts';
import { estimateSpeechSeconds, validateSpeechRequest } from '../providers/speech-request.ts';
import { speakerKey, syncLines, voiceOf, wavDuration } from './voice-lines.ts';

export {
  episodeCaptions,
  episodeSpeech,
  lineTake,
  speakerKey,
  syncLines,
  usesVoices,
} from './voice-lines.ts';

/**
 * The real speech providers (providers/speech-registry.ts, loaded on first use) with the local voice
 * rendered by media/voice/synth.ts; one per connection object (a changed key makes a new one).
 */
export function speechProviders(
  locked: (connectionId: string) => boolean,
): (connection: Connection) => Promise<SpeechProvider | undefined> {
  const made = new WeakMap<Connection, SpeechProvider>();
  return async (connection) => {
    if (locked(connection.id)) return undefined;
    const known = made.get(connection);
    if (known) return known;
    const { createSpeechProvider } = await import('../providers/speech-registry.ts');
    const provider = createSpeechProvider(connection, {
      synthesize: async (line) =>
        (await import('../media/voice/synth.ts')).synthesizeSpeech(line.input, {
          voice: line.voice,
          speed: line.speed,
        }).blob,
    });
    made.set(connection, provider);
    return provider;
  };
}

/** What the voice actions need from the store. */
export interface VoiceHost {
  readonly db: LibraryDb;
  state(): AppState;
  set(patch: Partial<AppState>): void;
  notify(tone: Notice['tone'], message: string): void;
  now(): number;
  connection(id: string): Connection | undefined;
  /** Budget caps (spend.ts) for a request of `cost` USD for a segment. */
  budgetCheck(cost: number, segmentId?: string): BudgetCheck;
  /** Writes changed segments of an episode (EpisodeActions.saveSegments). */
  saveSegments(episodeId: string, segments: readonly SegmentRecord[]): Promise<unknown>;
  /** The speech provider of a connection; undefined while its key is locked. */
  speechProvider(connection: Connection): Promise<SpeechProvider | undefined>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** What the store lends the voice actions besides its episode host (app-store.ts `get voices()`). */
export interface VoiceStoreParts {
  budgetCheck(cost: number, segmentId?: string): BudgetCheck;
  /** Whether a connection's key is locked in the key vault. */
  locked(connectionId: string): boolean;
  saveSegments(episodeId: string, segments: readonly SegmentRecord[]): Promise<unknown>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** The voice host from the store's episode host and its budget, vault and clock. */
export function voiceHost(base: EpisodeHost, parts: VoiceStoreParts): VoiceHost {
  const provider = speechProviders((id) => parts.locked(id));
  return {
    get db() {
      return base.db;
    },
    state: () => base.state(),
    set: (patch) => base.set(patch),
    notify: (tone, message) => base.notify(tone, message),
    now: () => base.now(),
    connection: (id) => base.connection(id),
    budgetCheck: (cost, segmentId) => parts.budgetCheck(cost, segmentId),
    saveSegments: (episodeId, segments) => parts.saveSegments(episodeId, segments),
    speechProvider: provider,
    sleep: (ms, signal) => parts.sleep(ms, signal),
  };
}

/**
 * The retry policy of a line (the job runner's, for one short request): a retryable refusal of the submit
 * (429, 5xx, network) is sent again up to `SUBMIT_RETRIES` times, a retryable poll or download failure up
 * to `POLL_RETRIES` times in a row, waiting the provider's hint (clamped) or an exponential backoff.
 */
export const SUBMIT_RETRIES = 2;
export const POLL_RETRIES = 3;

/** One line as the segment editor shows it. */
export interface DialogueLineView extends DialogueLineRecord {
  voice: SpeakerVoice;
  /** "Local voice (placeholder, not AI) · mid". */
  voiceLabel: string;
  /** The keyless local voice: a synthetic placeholder, not speech. */
  synthetic: boolean;
  cost: number;
  busy: boolean;
  error?: string;
  /** Seconds of each take (when read). */
  durations: Record<string, number | undefined>;
}

export interface SpeechModelOption {
  connectionId: string;
  connectionLabel: string;
  model: SpeechModelSpec;
}

export interface DialogueView {
  segmentId: string;
  projectId?: string;
  speech: SpeechSource;
  lines: DialogueLineView[];
  /** Each speaker once, in order of first line, with their voice. */
  speakers: Array<{ name: string; voice: SpeakerVoice }>;
  options: SpeechModelOption[];
}

export type VoiceOutcome = { ok: true; assetId: string } | { ok: false; reason: string };

/** Longest wait for one line (the local voice takes milliseconds, a remote one seconds). */
const LINE_TIMEOUT_MS = 10 * 60_000;

export class VoiceActions {
  readonly catalog: SpeechCatalog;
  private readonly host: VoiceHost;
  private readonly busy = new Set<string>();
  private readonly errors = new Map<string, string>();
  private readonly assets = new Map<string, AssetRecord | null>();

  constructor(host: VoiceHost, catalog: SpeechCatalog = createSpeechCatalog()) {
    this.host = host;
    this.catalog = catalog;
  }

  /** Speech models offered on the configured connections (the local voice first). */
  options(): SpeechModelOption[] {
    return this.host
      .state()
      .connections.flatMap((c) =>
        this.catalog
          .modelsOf(c.kind)
          .map((model) => ({ connectionId: c.id, connectionLabel: c.label, model })),
      );
  }

  /** The segment's lines, voices and takes for the segment editor. */
  view(segment: SegmentRecord): DialogueView {
    const project = this.projectOf(segment);
    const lines = syncLines(segment, project?.cast);
    const speakers: DialogueView['speakers'] = [];
    for (const line of lines)
      if (!speakers.some((s) => speakerKey(s.name) === speakerKey(line.speaker)))
        speakers.push({ name: line.speaker, voice: this.voiceFor(project, line.speaker, lines) });
    return {
      segmentId: segment.id,
      projectId: project?.id,
      speech: segment.speech ?? 'both',
      speakers,
      options: this.options(),
      lines: lines.map((line) => {
        const voice = this.voiceFor(project, line.speaker, lines);
        const connection = this.host.connection(voice.connectionId);
        const model = connection && this.catalog.find(connection, voice.model);
        const key = `${segment.id}:${line.index}`;
        return {
          ...line,
          voice,
          voiceLabel: `${model?.label ?? voice.model} · ${voice.voice}${voice.speed !== 1 ? ` · ${voice.speed}×` : ''}`,
          synthetic: connection?.kind === 'local',
          cost: model ? estimateSpeechCost(model, { input: line.text, speed: voice.speed }) : 0,
          busy: this.busy.has(key),
          error: this.errors.get(key),
          durations: Object.fromEntries(line.takes.map((id) => [id, this.asset(id)?.duration])),
        };
      }),
    };
  }

  async setVoice(projectId: string, speaker: string, voice: SpeakerVoice): Promise<void> {
    const project = this.host.state().projects.find((p) => p.id === projectId);
    if (!project) return;
    const next: ProjectRecord = {
      ...project,
      voices: { ...project.voices, [speakerKey(speaker)]: voice },
      updated: this.host.now(),
    };
    await this.host.db.putProject(next);
    this.host.set({ projects: this.host.state().projects.map((p) => (p.id === next.id ? next : p)) });
  }

  async setSpeech(segmentId: string, speech: SpeechSource): Promise<void> {
    await this.patch(segmentId, (segment) => ({ ...segment, speech }));
  }

  /** Moves a line (seconds from its segment's start) or approves one of its takes. */
  async changeLine(
    segmentId: string,
    index: number,
    change: { offset?: number; approved?: string },
  ): Promise<void> {
    if (change.offset !== undefined && !(Number.isFinite(change.offset) && change.offset >= 0))
      return this.host.notify('error', 'A line starts at 0 s or later.');
    await this.patch(segmentId, (segment, lines) => ({
      ...segment,
      lines: lines.map((l) =>
        l.index !== index
          ? l
          : {
              ...l,
              ...(change.offset !== undefined ? { offset: Math.round(change.offset * 1000) / 1000 } : {}),
              ...(change.approved && l.takes.includes(change.approved) ? { approved: change.approved } : {}),
            },
      ),
    }));
  }

  /** Voices every line of the segment that has no take yet, one after another. */
  async voiceAll(segmentId: string, options: { override?: boolean } = {}): Promise<void> {
    const segment = this.host.state().segments.find((s) => s.id === segmentId);
    if (!segment) return;
    const lines = syncLines(segment, this.projectOf(segment)?.cast);
    for (const line of lines.filter((l) => !l.takes.length)) {
      const outcome = await this.voiceLine(segmentId, line.index, options);
      if (!outcome.ok) return;
    }
  }

  /**
   * Voices one line: validates it against the speech catalog, checks the budget (a line over it is refused
   * unless `override`), sends it, records the spend and keeps the audio as a new take of the line.
   */
  async voiceLine(
    segmentId: string,
    index: number,
    options: { override?: boolean } = {},
  ): Promise<VoiceOutcome> {
    const key = `${segmentId}:${index}`;
    const segment = this.host.state().segments.find((s) => s.id === segmentId);
    const project = segment && this.projectOf(segment);
    const lines = segment ? syncLines(segment, project?.cast) : [];
    const line = lines[index];
    if (!segment || !line) return this.refuse(key, 'That line is no longer in the script.');
    if (this.busy.has(key)) return { ok: false, reason: 'busy' };
    const voice = this.voiceFor(project, line.speaker, lines);
    const connection = this.host.connection(voice.connectionId);
    if (!connection)
      return this.refuse(key, `${line.speaker}'s voice uses a connection that was removed; choose a voice.`);
    const model = this.catalog.find(connection, voice.model);
    const format = model?.formats[0];
    const [problem] = validateSpeechRequest(model, { ...voice, input: line.text, format });
    if (problem || !model || !format) return this.refuse(key, problem?.message ?? 'No voice model.');
    const cost = estimateSpeechCost(model, { input: line.text, speed: voice.speed });
    const check = this.host.budgetCheck(cost, segmentId);
    if (!check.ok && !options.override) return this.refuse(key, `${check.message} Nothing was sent.`);
    const provider = await this.host.speechProvider(connection);
    if (!provider) return this.refuse(key, `The key of “${connection.label}” is locked: unlock it first.`);

    this.busy.add(key);
    this.errors.delete(key);
    this.host.set({});
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), LINE_TIMEOUT_MS);
    try {
      const jobId = crypto.randomUUID();
      const request: SpeechSubmitRequest = {
        jobId,
        model,
        modelId: model.id,
        input: line.text,
        voice: voice.voice,
        speed: model.speed ? voice.speed : 1,
        format,
      };
      const blob = await this.run(provider, request, connection, cost, segmentId, controller.signal);
      const assetId = await this.keep(line, blob, jobId, format);
      await this.patch(segmentId, (current, fresh) => ({
        ...current,
        lines: fresh.map((l) =>
          speakerKey(l.speaker) === speakerKey(line.speaker) && l.text === line.text
            ? { ...l, takes: [...l.takes, assetId], approved: l.approved ?? assetId }
            : l,
        ),
      }));
      return { ok: true, assetId };
    } catch (error) {
      const message = isProviderError(error)
        ? `${error.message} ${error.action}`
        : error instanceof Error
          ? error.message
          : String(error);
      return this.refuse(key, `${line.speaker}'s line could not be voiced: ${message}`);
    } finally {
      clearTimeout(timer);
      this.busy.delete(key);
      this.host.set({});
    }
  }

  /**
   * "Export for editor": the open episode as one zip (FCPXML + OTIO + the media they reference, see
   * handoff-export.ts). Undefined (and a notice saying why) when it cannot be made.
   */
  async exportForEditor(): Promise<{ name: string; blob: Blob; files: number } | undefined> {
    const state = this.host.state();
    const episode = state.episodes.find((e) => e.id === state.openEpisodeId);
    if (!episode) return undefined;
    try {
      const { episodeHandoff, handoffZipBlob } = await import('./handoff-export.ts');
      const music = episode.musicAssetId
        ? (state.assets.find((a) => a.id === episode.musicAssetId) ??
          (await this.host.db.getAsset(episode.musicAssetId)))
        : undefined;
      const bundle = await episodeHandoff(this.host.db, episode, state.segments, music);
      return { name: bundle.zipName, blob: await handoffZipBlob(bundle), files: bundle.files.length };
    } catch (error) {
      this.host.notify(
        'error',
        `Could not export for an editor: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  /** Seconds of a take's audio, once its asset was read (undefined until then). */
  asset(id: string): AssetRecord | undefined {
    const known = this.assets.get(id);
    if (known !== undefined) return known ?? undefined;
    this.assets.set(id, null);
    void this.host.db.getAsset(id).then((asset) => {
      if (!asset) return;
      this.assets.set(id, asset);
      this.host.set({});
    });
    return undefined;
  }

  /** submit → poll → download; spend is recorded as soon as the request was accepted (it is billed). */
  private async run(
    provider: SpeechProvider,
    request: SpeechSubmitRequest,
    connection: Connection,
    cost: number,
    segmentId: string,
    signal: AbortSignal,
  ): Promise<Blob> {
    const handle = await this.retrying(SUBMIT_RETRIES, signal, () => provider.submit(request, signal));
    let final: number | undefined;
    for (;;) {
      const poll = await this.retrying(POLL_RETRIES, signal, () => provider.poll(handle, signal));
      final = poll.cost ?? final;
      if (poll.state === 'completed') break;
      if (poll.state === 'failed' && poll.error) throw new ProviderError(poll.error);
      if (poll.state === 'failed' || poll.state === 'expired')
        throw new Error('the provider lost the audio before it was saved; voice the line again.');
      await this.host.sleep(poll.pollAfterMs ?? 500, signal);
    }
    if (connection.kind !== 'local' || cost > 0)
      await this.recordSpend(request, connection, cost, final, segmentId);
    const { files } = await this.retrying(POLL_RETRIES, signal, () => provider.download(handle, signal));
    const blob = files[0];
    if (!blob?.size) throw new Error('the provider sent no audio.');
    return blob;
  }

  /** Runs `attempt`, again after a wait while it fails with a retryable provider error, `retries` times at most. */
  private async retrying<T>(retries: number, signal: AbortSignal, attempt: () => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (signal.aborted || !isProviderError(error) || !error.retryable || retry >= retries) throw error;
        await this.host.sleep(clampHint(error.retryAfterMs) ?? backoffDelay(retry), signal);
      }
    }
  }

  private async recordSpend(
    request: SpeechSubmitRequest,
    connection: Connection,
    estimated: number,
    final: number | undefined,
    segmentId: string,
  ): Promise<void> {
    const now = this.host.now();
    const row: SpendRecord = {
      jobId: request.jobId!,
      connectionId: connection.id,
      providerKind: connection.kind,
      model: request.modelId,
      estimated,
      ...(final !== undefined ? { final } : {}),
      day: localDay(now),
      created: now,
      segmentId,
    };
    await this.host.db.recordSpend(row);
    this.host.set({ spend: [...this.host.state().spend, row] });
  }

  /** Stores the audio as an asset (tagged dialogue) and returns its id. */
  private async keep(line: DialogueLineRecord, blob: Blob, jobId: string, format: string): Promise<string> {
    const id = crypto.randomUUID();
    const bytes = await blob.arrayBuffer();
    const stem =
      line.speaker
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'voice';
    const asset: AssetRecord = {
      id,
      name: `${stem}-line-${line.index + 1}-take-${line.takes.length + 1}.${format}`,
      kind: 'audio',
      mime: blob.type || `audio/${format}`,
      bytes: blob.size,
      duration: wavDuration(bytes) ?? estimateSpeechSeconds(line.text),
      sha256: `voice-${jobId}`,
      created: this.host.now(),
      tags: ['dialogue', 'voice'],
      blobId: `asset-${id}`,
      origin: { kind: 'voiced-line', jobId, prompt: `${line.speaker}: ${line.text}` },
    };
    await this.host.db.addAsset(asset, blob);
    this.assets.set(id, asset);
    return id;
  }

  /** Applies `change` to the freshest copy of a segment, with its lines synced to its caption, and saves it. */
  private async patch(
    segmentId: string,
    change: (segment: SegmentRecord, lines: DialogueLineRecord[]) => SegmentRecord,
  ): Promise<void> {
    const segment = this.host.state().segments.find((s) => s.id === segmentId);
    if (!segment) return;
    const lines = syncLines(segment, this.projectOf(segment)?.cast);
    const next = change({ ...segment, lines }, lines);
    await this.host.saveSegments(segment.episodeId, [{ ...next, updated: this.host.now() }]);
  }

  private voiceFor(
    project: ProjectRecord | undefined,
    speaker: string,
    lines: readonly DialogueLineRecord[],
  ): SpeakerVoice {
    return voiceOf(
      project,
      speaker,
      lines.map((l) => l.speaker),
      this.catalog.modelsOf('local')[0],
    );
  }

  private projectOf(segment: SegmentRecord): ProjectRecord | undefined {
    const state = this.host.state();
    const episode = state.episodes.find((e) => e.id === segment.episodeId);
    return state.projects.find((p) => p.id === episode?.projectId);
  }

  private refuse(key: string, message: string): VoiceOutcome {
    this.errors.set(key, message);
    this.host.notify('error', message);
    this.host.set({});
    return { ok: false, reason: message };
  }
}
