/**
 * The pydantic-v2-style field checks the fal mock's validators share (video/image rules in rules.mjs,
 * speech rules in speech-rules.mjs): each pushes the live API's detail item for a bad field.
 *
 * @module
 */

/** @typedef {{ loc: (string|number)[], msg: string, type: string, input?: unknown, ctx?: Record<string, unknown> }} DetailItem */

/** pydantic's rendering of an expected-values list: `'4s', '6s' or '8s'`, `2, 3 or 4`. */
export function expectedList(/** @type {readonly (string|number)[]} */ values) {
  const shown = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

/** The one error for a body that is not a JSON object, or undefined when it is one. */
export function notDictionary(/** @type {unknown} */ body) {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return undefined;
  return [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type', input: body }];
}

/**
 * A string field: string type, not blank, and at most `maxChars` when given.
 *
 * @param {DetailItem[]} errors
 * @param {string} field
 * @param {unknown} value
 * @param {number | null} [maxChars]
 */
export function checkText(errors, field, value, maxChars = null) {
  if (typeof value !== 'string') {
    errors.push({
      loc: ['body', field],
      msg: 'Input should be a valid string',
      type: 'string_type',
      input: value,
    });
  } else if (value.trim() === '') {
    errors.push({
      loc: ['body', field],
      msg: 'String should have at least 1 character',
      type: 'string_too_short',
      input: value,
      ctx: { min_length: 1 },
    });
  } else if (maxChars !== null && value.length > maxChars) {
    errors.push({
      loc: ['body', field],
      msg: `String should have at most ${maxChars} characters`,
      type: 'string_too_long',
      input: value,
      ctx: { max_length: maxChars },
    });
  }
}

/**
 * A literal field (present ones only): one of `values`.
 *
 * @param {DetailItem[]} errors
 * @param {string} field
 * @param {unknown} value
 * @param {readonly (string|number)[]} values
 */
export function checkLiteral(errors, field, value, values) {
  if (value === undefined || values.some((legal) => legal === value)) return;
  const expected = expectedList(values);
  errors.push({
    loc: ['body', field],
    msg: `Input should be ${expected}`,
    type: 'literal_error',
    input: value,
    ctx: { expected },
  });
}

/**
 * Number fields (present ones only) within inclusive ranges, as integers or as finite floats.
 *
 * @param {DetailItem[]} errors
 * @param {Record<string, unknown>} input
 * @param {Record<string, readonly [number, number]>} ranges
 * @param {'int' | 'float'} kind
 */
export function checkRanges(errors, input, ranges, kind) {
  for (const [field, [min, max]] of Object.entries(ranges)) {
    const value = input[field];
    if (value === undefined) continue;
    const valid =
      typeof value === 'number' && (kind === 'int' ? Number.isInteger(value) : Number.isFinite(value));
    if (!valid) {
      errors.push({
        loc: ['body', field],
        msg: kind === 'int' ? 'Input should be a valid integer' : 'Input should be a valid number',
        type: kind === 'int' ? 'int_type' : 'float_type',
        input: value,
      });
    } else if (value < min) {
      errors.push({
        loc: ['body', field],
        msg: `Input should be greater than or equal to ${min}`,
        type: 'greater_than_equal',
        input: value,
        ctx: { ge: min },
      });
    } else if (value > max) {
      errors.push({
        loc: ['body', field],
        msg: `Input should be less than or equal to ${max}`,
        type: 'less_than_equal',
        input: value,
        ctx: { le: max },
      });
    }
  }
}

/**
 * Boolean fields (present ones only).
 *
 * @param {DetailItem[]} errors
 * @param {Record<string, unknown>} input
 * @param {readonly string[]} fields
 */
export function checkBooleans(errors, input, fields) {
  for (const field of fields) {
    if (input[field] !== undefined && typeof input[field] !== 'boolean') {
      errors.push({
        loc: ['body', field],
        msg: 'Input should be a valid boolean',
        type: 'bool_type',
        input: input[field],
      });
    }
  }
}
