/**
 * Backup digest worker: reads a Blob (posted as a handle, no copy), hashes it with WebCrypto and, when
 * asked, computes its CRC-32 and hands the bytes back (transferred, no copy). Spoken to only through
 * digest.ts; the page's thread stays free to write the previous file meanwhile.
 */
import { withTransfer, serve } from '../../workers/bridge.ts';
import { digestInline, type DigestProtocol } from './digest.ts';

serve<DigestProtocol>({
  digest: async ({ blob, keep }) => {
    const digest = await digestInline(blob, keep);
    return withTransfer(digest, digest.bytes ? [digest.bytes.buffer] : []);
  },
});
