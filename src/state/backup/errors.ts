/** Every way a backup can be refused, each with one plain message. Nothing is written when one is thrown. */
export type BackupErrorCode =
  | 'not-zip'
  | 'foreign'
  | 'newer-version'
  | 'missing-file'
  | 'corrupt'
  | 'checksum'
  | 'bad-record'
  | 'passphrase'
  | 'keys-locked'
  | 'canceled'
  | 'secret-leak'
  | 'busy';

export class BackupError extends Error {
  override name = 'BackupError';
  readonly code: BackupErrorCode;

  constructor(code: BackupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export const canceled = (direction: 'export' | 'import'): BackupError =>
  new BackupError(
    'canceled',
    direction === 'export'
      ? 'Export canceled. The partial file is incomplete; delete it.'
      : 'Import canceled. Your library is exactly as it was.',
  );

export const isAbort = (error: unknown): boolean =>
  (error instanceof BackupError && error.code === 'canceled') ||
  (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError'));
