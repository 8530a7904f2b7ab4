/**
 * The JSON Schema form of `ModelEntrySchema`, written to config/models/model.schema.json by
 * `npm run catalog:schema` (and compared with the committed file by a unit test). Build/test tooling only:
 * the app validates with valibot and never imports this module.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import { format, resolveConfig } from 'prettier';
import { ModelEntrySchema } from './model-schema.ts';

export const MODEL_SCHEMA_PATH = 'config/models/model.schema.json';

export function modelEntryJsonSchema(): Record<string, unknown> {
  const schema = toJsonSchema(ModelEntrySchema, {
    target: 'draft-07',
    errorMode: 'throw',
    // The cross-field rules (modes need their endpoints and fields, durations ascend…) are valibot checks
    // with no JSON Schema form; validateModelEntry applies them.
    ignoreActions: ['check'],
  });
  return {
    title: 'Reelwright model entry',
    description:
      'One model of config/models/*.json or a custom model. Generated from src/state/model-schema.ts ' +
      '(npm run catalog:schema); do not edit by hand. Cross-field rules are checked by validateModelEntry.',
    ...schema,
  };
}

/** The committed file's text, formatted as `npm run lint` (Prettier) wants it. */
export async function modelSchemaText(root: string): Promise<string> {
  const file = `${root.replace(/\/?$/, '/')}${MODEL_SCHEMA_PATH}`;
  const options = (await resolveConfig(file)) ?? {};
  return format(JSON.stringify(modelEntryJsonSchema()), { ...options, filepath: file });
}
