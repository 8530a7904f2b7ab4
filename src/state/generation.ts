import { ProviderError } from '../providers/errors.ts';
import type { DownloadResult, SubmitFile, SubmitRequest } from '../providers/types.ts';
import type { AssetRecord, Connection, JobRecord, SpendRecord, VideoRecord } from '../types.ts';
import { parseSize, type ModelCatalog } from './catalog.ts';
import { extendClipProblem } from './reference-draft.ts';
import { clipFields, resolveRequest, submitFields } from './request-fields.ts';
import type { LibraryDb, MediaPort } from './ports.ts';
import { localDay } from './spend.ts';

/** What preparing and completing a job needs; the store passes its own. */
export interface GenerationDeps {
  db: LibraryDb;
  media: MediaPort;
  catalog: ModelCatalog;
  connection(id: string): Connection | undefined;
  now(): number;
}

const invalid = (message: string, field?: string): ProviderError =>
  new ProviderError({
    kind: 'validation',
    message,
    action: 'Change the request and try again.',
    field,
    retryable: false,
  });

/** Turns a stored job into what is sent: catalog model, reference fitted to the exact size, remix source. */
export async function prepareJob(
  deps: GenerationDeps,
  job: JobRecord,
  signal: AbortSignal,
): Promise<SubmitRequest> {
  const { request } = job;
  const { connection, model } = resolveRequest(deps, request);
  if (!connection) throw invalid('The connection this job uses was removed.', 'connectionId');
  if (!model)
    throw invalid(`The model “${request.model}” is no longer offered by ${connection.label}.`, 'model');
  const prepared: SubmitRequest = {
    ...submitFields(request),
    jobId: job.id,
    model,
    modelId: request.model,
  };
  if (request.referenceAssetId) {
    const asset = await deps.db.getAsset(request.referenceAssetId);
    const blob = asset && (await deps.db.getBlob(asset.blobId));
    if (!asset || !blob)
      throw invalid('The reference image was deleted from the library.', 'input_reference');
    signal.throwIfAborted();
    const { width, height } = parseSize(request.size);
    const fitted = await deps.media.fitImage(blob, width, height, request.fit ?? 'crop');
    prepared.reference = { blob: fitted, name: `${baseName(asset.name)}-${request.size}.png` };
  }
  if (request.lastFrameAssetId)
    prepared.lastFrame = await fittedImage(deps, request, request.lastFrameAssetId, 'last', signal);
  if (request.referenceAssetIds?.length) {
    if (request.referenceAssetIds.length > model.references.multiple)
      throw invalid(
        `${model.label} takes at most ${model.references.multiple} reference images.`,
        'referenceAssetIds',
      );
    prepared.references = [];
    for (const [i, id] of request.referenceAssetIds.entries())
      prepared.references.push(await fittedImage(deps, request, id, `ref${i + 1}`, signal));
  }
  if (request.remixOf) {
    const source = await deps.db.getVideo(request.remixOf);
    if (!source) throw invalid('The clip to remix was deleted from the library.', 'remixOf');
    // Extending sends the clip itself (any clip in the library), within a size cap.
    if (model.extend && !model.remix) {
      prepared.sourceClip = await clipToExtend(deps, source, signal);
      return prepared;
    }
    if (source.connectionId !== request.connectionId) {
      throw invalid('A clip can only be remixed by the provider that made it.', 'remixOf');
    }
    // A local preview has no remote copy: the local provider re-renders from the prompt, keyed by the clip.
    const remoteId = source.providerKind === 'local' ? source.id : source.providerJobId;
    if (!remoteId) throw invalid('The clip to remix is not available at the provider.', 'remixOf');
    prepared.remixOf = { id: remoteId };
  }
  return prepared;
}

/** The stored clip to extend, refused (field named) when it is gone or too large to send. */
async function clipToExtend(
  deps: GenerationDeps,
  source: VideoRecord,
  signal: AbortSignal,
): Promise<SubmitFile> {
  const problem = extendClipProblem(source.bytes);
  if (problem) throw invalid(problem, 'remixOf');
  const blob = await deps.db.getBlob(source.blobId);
  if (!blob) throw invalid('The clip to extend is no longer stored on this device.', 'remixOf');
  signal.throwIfAborted();
  return {
    blob: blob.type ? blob : new Blob([blob], { type: 'video/mp4' }),
    name: `extend-${source.id}.mp4`,
  };
}

/**
 * Saves what a finished job produced. Sizes, duration and codec come from the file itself; an empty or
 * unparseable download is a failure, never a success.
 */
export async function completeJob(
  deps: GenerationDeps,
  job: JobRecord,
  result: DownloadResult,
  signal: AbortSignal,
): Promise<string[]> {
  const { db, media } = deps;
  const { request } = job;
  if (!result.files.length || result.files.some((f) => f.size === 0)) {
    throw invalid('The provider sent an empty file instead of the result.');
  }
  if (request.mode === 'image') {
    const ids = await saveStills(deps, job, result.files, signal);
    await recordJobSpend(deps, job);
    return ids;
  }
  const clip = result.files[0]!;
  let probe;
  try {
    probe = await media.probeVideo(clip);
  } catch (error) {
    throw invalid(
      `The downloaded file is not a playable MP4 (${error instanceof Error ? error.message : error}).`,
    );
  }
  signal.throwIfAborted();
  const thumbnail = result.thumbnail ?? (await media.posterFrame(clip).catch(() => undefined));
  // Where moov sits, so stitching episodes later reads it in one request (box headers only; a hint).
  const layout = await media.clipLayout?.(clip).catch(() => undefined);
  const id = crypto.randomUUID();
  const video: VideoRecord = {
    id,
    ...clipFields(request),
    jobId: job.id,
    providerKind: job.providerKind,
    width: probe.width,
    height: probe.height,
    duration: probe.duration,
    codec: probe.codec,
    audioCodec: probe.audioCodec,
    fps: probe.fps,
    bitrate: probe.bitrate,
    bytes: clip.size,
    cost: job.finalCost ?? job.estimatedCost,
    providerJobId: job.providerKind === 'local' ? undefined : job.remote?.id,
    created: job.created,
    completed: deps.now(),
    blobId: `clip-${id}`,
    thumbId: thumbnail ? `clipthumb-${id}` : undefined,
    spriteId: result.spritesheet?.size ? `sprite-${id}` : undefined,
    ...(layout ? { layout } : {}),
  };
  // The scrub-preview spritesheet first: if the clip then fails to save, the sweep collects the orphan.
  if (video.spriteId && result.spritesheet) await db.putBlob(video.spriteId, result.spritesheet);
  await db.saveClip(video, clip, thumbnail);
  await db.attachVideoToPrompt(request.prompt, id);
  await recordJobSpend(deps, job);
  return [id];
}

async function recordJobSpend(deps: GenerationDeps, job: JobRecord): Promise<void> {
  const row = spendRecordOf(job, deps.now());
  if (row) await deps.db.recordSpend(row);
}

/** The spend row of a finished job: its estimate, and the provider's final cost when it reported one. */
export function spendRecordOf(job: JobRecord, now: number): SpendRecord | undefined {
  if (job.estimatedCost <= 0 && !(job.finalCost !== undefined && job.finalCost > 0)) return undefined;
  const { request } = job;
  return {
    jobId: job.id,
    connectionId: request.connectionId,
    providerKind: job.providerKind,
    model: request.model,
    estimated: job.estimatedCost,
    ...(job.finalCost !== undefined ? { final: job.finalCost } : {}),
    day: localDay(now),
    created: now,
    segmentId: request.segmentId,
  };
}

/**
 * Each still becomes an image asset with its prompt and lineage. A still made for a video is fitted to
 * that video's exact size (with the request's fit mode) before it is saved, so animating it never meets
 * a size mismatch.
 */
async function saveStills(
  deps: GenerationDeps,
  job: JobRecord,
  stills: readonly Blob[],
  signal: AbortSignal,
): Promise<string[]> {
  const { db, media } = deps;
  const { request } = job;
  const size = request.target?.size ?? request.size;
  const { width, height } = parseSize(size);
  const scale = Math.min(1, 320 / Math.max(width, height));
  const ids: string[] = [];
  for (const [index, raw] of stills.entries()) {
    const still = request.target ? await media.fitImage(raw, width, height, request.fit ?? 'crop') : raw;
    const thumb = await media
      .fitImage(still, Math.round(width * scale), Math.round(height * scale), 'crop')
      .catch(() => undefined);
    signal.throwIfAborted();
    const id = crypto.randomUUID();
    const asset: AssetRecord = {
      id,
      name: `${slug(request.prompt)}-${size}-${index + 1}.png`,
      kind: 'image',
      mime: still.type || 'image/png',
      bytes: still.size,
      width,
      height,
      sha256: `${job.id}-${index}`,
      created: deps.now(),
      tags: ['generated', 'still'],
      blobId: `asset-${id}`,
      thumbId: thumb ? `thumb-${id}` : undefined,
      origin: { kind: 'generated-still', jobId: job.id, prompt: request.prompt },
    };
    await db.addAsset(asset, still, thumb);
    ids.push(id);
  }
  return ids;
}

/** A library image fitted to the request's exact size (the same auto-fit as the first frame). */
async function fittedImage(
  deps: GenerationDeps,
  request: JobRecord['request'],
  assetId: string,
  role: string,
  signal: AbortSignal,
): Promise<SubmitFile> {
  const asset = await deps.db.getAsset(assetId);
  const blob = asset && (await deps.db.getBlob(asset.blobId));
  if (!asset || !blob) throw invalid('A reference image was deleted from the library.', 'referenceAssetIds');
  signal.throwIfAborted();
  const { width, height } = parseSize(request.size);
  const fitted = await deps.media.fitImage(blob, width, height, request.fit ?? 'crop');
  return { blob: fitted, name: `${baseName(asset.name)}-${role}-${request.size}.png` };
}

const baseName = (name: string): string => name.replace(/\.[^.]+$/, '') || 'reference';
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'clip';
