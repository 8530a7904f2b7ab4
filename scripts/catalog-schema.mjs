// Writes config/models/model.schema.json from the valibot schema in src/state/model-schema.ts.
// Usage: npm run catalog:schema  (a unit test fails when the committed file differs from this output)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const { module } = await runnerImport(`${root}src/state/model-schema-json.ts`, { root, logLevel: 'error' });
const target = `${root}${module.MODEL_SCHEMA_PATH}`;
writeFileSync(target, await module.modelSchemaText(root));
console.log(`wrote ${module.MODEL_SCHEMA_PATH}`);
