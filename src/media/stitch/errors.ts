/** Why a stitch was refused. Every refusal names the clips involved (1-based in messages). */
export type StitchErrorCode =
  | 'no-clips'
  | 'not-mp4'
  | 'fragmented'
  | 'unsupported'
  | 'track-mismatch'
  | 'codec-mismatch'
  | 'timescale-mismatch'
  | 'corrupt'
  | 'worker';

export interface StitchErrorData {
  code: StitchErrorCode;
  message: string;
  /** 0-based indexes of the offending clips (in the order given to `stitch`). */
  clipIndexes: number[];
  /** Labels of the offending clips, parallel to `clipIndexes`. */
  clipLabels: string[];
}

export class StitchError extends Error implements StitchErrorData {
  override readonly name = 'StitchError';
  readonly code: StitchErrorCode;
  readonly clipIndexes: number[];
  readonly clipLabels: string[];

  constructor(code: StitchErrorCode, message: string, clipIndexes: number[] = [], clipLabels: string[] = []) {
    super(message);
    this.code = code;
    this.clipIndexes = clipIndexes;
    this.clipLabels = clipLabels;
  }

  toJSON(): StitchErrorData {
    return {
      code: this.code,
      message: this.message,
      clipIndexes: this.clipIndexes,
      clipLabels: this.clipLabels,
    };
  }

  static fromData(data: StitchErrorData): StitchError {
    return new StitchError(data.code, data.message, data.clipIndexes, data.clipLabels);
  }
}

export function isStitchErrorData(value: unknown): value is StitchErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string' && Array.isArray(v.clipIndexes);
}
