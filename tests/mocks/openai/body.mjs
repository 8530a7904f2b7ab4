// Request body reading: raw bytes, JSON, and multipart/form-data (parsed by undici's Request#formData,
// the same parser browsers' fetch uses, rather than a hand-rolled one).
import { errors, HttpError } from './errors.mjs';

export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
export function readRaw(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, { message: `Request body too large (max ${MAX_BODY_BYTES} bytes).` }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * @typedef {{ kind: 'json', value: unknown }
 *   | { kind: 'multipart', fields: Map<string, Array<string | File>> }
 *   | { kind: 'empty' }} ParsedBody
 */

/**
 * Parses the body by Content-Type. JSON and multipart are accepted; an empty body is `empty`.
 * @param {import('node:http').IncomingMessage} req
 * @param {Buffer} raw
 * @returns {Promise<ParsedBody>}
 */
export async function parseBody(req, raw) {
  const contentType = req.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  if (raw.length === 0 && !mediaType) return { kind: 'empty' };
  if (mediaType === 'application/json') {
    if (raw.length === 0) return { kind: 'empty' };
    try {
      return { kind: 'json', value: JSON.parse(raw.toString('utf8')) };
    } catch {
      throw errors.invalidJson();
    }
  }
  if (mediaType === 'multipart/form-data') {
    let form;
    try {
      form = await new Request('http://mock.local/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: raw,
      }).formData();
    } catch {
      throw new HttpError(400, { message: 'Could not parse multipart form data.' });
    }
    /** @type {Map<string, Array<string | File>>} */
    const fields = new Map();
    for (const [name, value] of form) {
      const list = fields.get(name) ?? [];
      list.push(value);
      fields.set(name, list);
    }
    return { kind: 'multipart', fields };
  }
  throw errors.unsupportedContentType(contentType || '(none)');
}
