/**
 * The last filter on every string a provider's answer can put in front of the user or into the job
 * ledger: it must be text, it is cut to a short length, control and direction-override characters are
 * removed, and anything that looks like a credential is replaced with `[redacted]` (bearer tokens, API
 * keys, `key=…` pairs, JWTs, long base64 runs), whatever the provider or gateway echoed back.
 */

export const REDACTED = '[redacted]';

/** Longest message and action shown; codes and ids are shorter. */
export const TEXT_LIMITS = { message: 500, action: 300, code: 100, id: 200 } as const;

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // `Authorization: Bearer …`, fal's `Key …`, Basic credentials.
  [/\b(Bearer|Key|Basic|Token)\s+[A-Za-z0-9._~+/:=-]{8,}/gi, `$1 ${REDACTED}`],
  // `api_key=…`, `"apiKey": "…"`, `x-api-key: …`, `password=…`.
  [
    /\b((?:x-)?api[-_]?key|access[-_]?token|auth[-_]?token|secret|password|client[-_]?secret)(["'\s]*[:=]\s*["']?)[^\s"',;&}]{4,}/gi,
    `$1$2${REDACTED}`,
  ],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // OpenAI-style keys (sk-…, sk-proj-…), and fal keys (uuid:hex).
  [/\b(?:sk|pk|rk|sess)-[A-Za-z0-9_-]{12,}/g, REDACTED],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{16,}/gi, REDACTED],
  // Long base64 / base64url / hex runs: keys, signatures, inline file data.
  [/[A-Za-z0-9+/_-]{40,}={0,2}/g, REDACTED],
];

/** Control characters, zero-width characters and bidirectional overrides. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+/g;

/** Replaces credential-shaped substrings with `[redacted]`. */
export function redactPatterns(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A provider-supplied value as safe text: `undefined` unless it is a string (or a finite number),
 * invisible characters turned into spaces, credentials redacted, cut to `max` characters.
 */
export function cleanText(value: unknown, max: number): string | undefined {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else return undefined;
  // Cut generously first, so a megabyte body costs no more than a short one.
  const flat = redactPatterns(text.slice(0, max * 4).replace(INVISIBLE, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
