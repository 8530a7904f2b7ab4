import type { SpeechSubmitRequest } from '../../../src/providers/speech-request.ts';
import { createSpeechCatalog } from '../../../src/state/speech-catalog.ts';
import type { ProviderKind } from '../../../src/types.ts';

export const speechCatalog = createSpeechCatalog();

/** A submit request for a catalog model, with the model's defaults unless patched. */
export function line(
  kind: ProviderKind,
  modelId: string,
  patch: Partial<Omit<SpeechSubmitRequest, 'model'>> = {},
): SpeechSubmitRequest {
  const model = speechCatalog.find({ kind }, modelId);
  if (!model) throw new Error(`no speech model ${kind}/${modelId}`);
  return {
    model,
    modelId,
    input: 'Where were you last night?',
    voice: model.defaultVoice,
    speed: model.speed?.default ?? 1,
    format: model.formats[0]!,
    ...patch,
  };
}

/** Blob → bytes. */
export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}
