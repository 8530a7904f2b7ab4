// Loads the OpenAPI extract (openapi.yaml, a verbatim copy of /shared/api/openai-videos-openapi.yaml) and
// compiles its schemas with Ajv (draft 2020-12) so every request and every response of the mock can be
// checked against the official contract.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const SPEC_PATH = fileURLToPath(new URL('./openapi.yaml', import.meta.url));
const SPEC_ID = 'https://mock.local/openapi.json';

/**
 * OpenAPI 3.0's `nullable: true` is not a JSON Schema keyword, and Ajv refuses it next to `anyOf` without
 * `type`. Rewrite `{..., nullable: true}` into `{anyOf: [{...}, {type: 'null'}]}` (same meaning).
 * @param {unknown} node
 * @returns {unknown}
 */
function rewriteNullable(node) {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (!node || typeof node !== 'object') return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // `example`/`x-*` values are data, not schemas: leave them alone.
    out[k] = k === 'example' || k.startsWith('x-') ? v : rewriteNullable(v);
  }
  if (out.nullable === true) {
    delete out.nullable;
    const { description, default: dflt, ...rest } = out;
    return { description, default: dflt, anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

/** Local schema for Azure OpenAI's error envelope (not part of the OpenAI document). */
const AZURE_ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};

/**
 * @typedef {{ valid: boolean, errors: string[] }} ValidationResult
 * @typedef {(data: unknown) => ValidationResult} Validator
 */

export function loadSpec() {
  const doc = /** @type {any} */ (parse(readFileSync(SPEC_PATH, 'utf8')));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('unixtime', { type: 'number', validate: (n) => Number.isInteger(n) && n >= 0 });
  ajv.addFormat('binary', () => true);
  ajv.addSchema({ $id: SPEC_ID, components: rewriteNullable(doc.components) });

  /** @type {Map<string, Validator>} */
  const cache = new Map();
  /**
   * @param {string} name a components.schemas key, or "AzureError"
   * @returns {Validator}
   */
  const schema = (name) => {
    let v = cache.get(name);
    if (!v) {
      const fn =
        name === 'AzureError'
          ? ajv.compile(AZURE_ERROR_SCHEMA)
          : ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
      if (!fn) throw new Error(`openapi.yaml has no schema ${name}`);
      v = (data) => {
        const valid = /** @type {boolean} */ (fn(data));
        return {
          valid,
          errors: valid ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`),
        };
      };
      cache.set(name, v);
    }
    return v;
  };

  /**
   * Validator for an operation's query parameters (schemas taken from `paths`).
   * @param {string} path e.g. "/videos"
   * @param {string} method e.g. "get"
   * @returns {Validator}
   */
  const query = (path, method) => {
    const key = `query ${method} ${path}`;
    let v = cache.get(key);
    if (!v) {
      const params = (doc.paths[path]?.[method]?.parameters ?? []).filter(
        (/** @type {any} */ p) => p.in === 'query',
      );
      /** @type {Record<string, unknown>} */
      const properties = {};
      for (const p of params) properties[p.name] = resolveRefs(p.schema);
      const fn = ajv.compile({ type: 'object', properties });
      v = (data) => {
        const valid = /** @type {boolean} */ (fn(data));
        return {
          valid,
          errors: valid ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`),
        };
      };
      cache.set(key, v);
    }
    return v;
  };

  /** @param {any} s */
  const resolveRefs = (s) =>
    s && typeof s === 'object' && typeof s.$ref === 'string' ? { $ref: `${SPEC_ID}${s.$ref}` } : s;

  /**
   * Request body schema name for an operation and media type, read from the document.
   * @param {string} path @param {string} method @param {string} mediaType
   */
  const requestSchemaName = (path, method, mediaType) => {
    const ref = doc.paths[path]?.[method]?.requestBody?.content?.[mediaType]?.schema?.$ref;
    return typeof ref === 'string' ? ref.split('/').pop() : undefined;
  };

  return { doc, schema, query, requestSchemaName };
}

/** @typedef {ReturnType<typeof loadSpec>} Spec */
