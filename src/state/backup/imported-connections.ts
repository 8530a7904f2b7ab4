/**
 * Connections that arrive in an imported file. A connection names the host a key would be sent to, so an
 * imported one is checked like the rest of the file (connection-schema.ts, by the importer: the whole
 * import is refused if one fails) and then kept apart: it is marked `imported`, Settings says "imported —
 * check the host before adding a key", and no job runs on it until the user saves it.
 */
import type { Connection } from '../../types.ts';

export { isAllowedBaseUrl } from '../base-url.ts';
export { IMPORTED_CONNECTION_NOTE } from '../submit-guard.ts';

/**
 * The connections to add from an import: those this device does not have yet (by id), each marked
 * imported. Keys (plain or wrapped) never come from here.
 */
export function importedConnections(
  current: readonly Pick<Connection, 'id'>[],
  incoming: ReadonlyArray<Record<string, unknown>>,
): Connection[] {
  const known = new Set(current.map((c) => c.id));
  const out: Connection[] = [];
  for (const raw of incoming) {
    if (typeof raw.id !== 'string' || known.has(raw.id)) continue;
    known.add(raw.id);
    const { apiKey: _key, wrappedKey: _wrapped, ...rest } = raw;
    out.push({ ...(rest as unknown as Connection), imported: true });
  }
  return out;
}
