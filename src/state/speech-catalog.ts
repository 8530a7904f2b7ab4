import {
  estimateSpeechSeconds,
  validateSpeechRequest,
  type SpeechProblem,
} from '../providers/speech-request.ts';
import type { Connection, ProviderKind, SpeechModelSpec, SpeechRequest } from '../types.ts';

export { estimateSpeechSeconds, validateSpeechRequest, type SpeechProblem };

/** Every speech model the app knows, from the data in config/voices/*.json (the video catalog's twin). */
export class SpeechCatalog {
  readonly models: readonly SpeechModelSpec[];

  constructor(models: readonly SpeechModelSpec[]) {
    this.models = models;
  }

  /** The speech models of a provider kind. */
  modelsOf(kind: ProviderKind): SpeechModelSpec[] {
    return this.models.filter((m) => m.provider === kind);
  }

  /**
   * The model `modelId` on `connection`. An id the catalog lacks on an OpenAI-compatible connection (a
   * gateway's own model name) borrows the rules of the first OpenAI entry, with any voice allowed.
   */
  find(connection: Pick<Connection, 'kind'>, modelId: string): SpeechModelSpec | undefined {
    const own = this.modelsOf(connection.kind);
    const known = own.find((m) => m.id === modelId);
    if (known) return known;
    const template = own[0];
    if (connection.kind !== 'openai' || !template || !modelId.trim()) return undefined;
    return {
      ...template,
      id: modelId,
      label: `${modelId} (custom)`,
      customVoices: true,
      verified: false,
      note: `Not in the catalog: checked with the rules of ${template.label}.`,
    };
  }

  /** Problems with a request on `connection` (empty when it may be sent). */
  validate(connection: Pick<Connection, 'kind'>, request: SpeechRequest): SpeechProblem[] {
    return validateSpeechRequest(this.find(connection, request.model), request);
  }
}

/**
 * USD for one line: per character when the model is priced per character, else per minute of the audio
 * the text is expected to make. Rounded to a millionth of a dollar (a line costs fractions of a cent).
 */
export function estimateSpeechCost(
  model: SpeechModelSpec,
  request: Pick<SpeechRequest, 'input' | 'speed' | 'instructions'>,
): number {
  const { perMillionChars, perMinute } = model.price;
  let cost = 0;
  if (perMillionChars !== undefined) cost = (perMillionChars * request.input.length) / 1_000_000;
  else if (perMinute !== undefined)
    cost = (perMinute * estimateSpeechSeconds(request.input, request.speed)) / 60;
  return Math.round(cost * 1_000_000) / 1_000_000;
}

/** Every file in config/voices/ (one per provider), bundled at build time. */
const voiceFiles = import.meta.glob<{ models: SpeechModelSpec[] }>('../../config/voices/*.json', {
  eager: true,
  import: 'default',
});
const loadedSpeechModels = Object.keys(voiceFiles)
  .sort()
  .flatMap((path) => voiceFiles[path]?.models ?? []);

export function createSpeechCatalog(extra: readonly SpeechModelSpec[] = []): SpeechCatalog {
  return new SpeechCatalog([...loadedSpeechModels, ...extra]);
}
