import { describe, expect, it } from 'vitest';
import { importBackup } from '../../../src/state/backup/importer.ts';
import { importedConnections, isAllowedBaseUrl } from '../../../src/state/backup/imported-connections.ts';
import { freshDb } from '../backup/helpers.ts';
import { editRecords, expectRefused, seededArchive, type Row } from './helpers.ts';

const withConnection = async (connection: Row): Promise<Blob> =>
  editRecords(await seededArchive(), (store, row) =>
    store === 'settings' && row.key === 'connections' ? { key: 'connections', value: [connection] } : row,
  );

const GOOD = { id: 'gw', kind: 'openai', label: 'Gateway', baseUrl: 'https://gw.example/v1', concurrency: 2 };

describe('imported connections are checked, and kept apart until the user confirms them', () => {
  const cases: Array<[string, Row, RegExp]> = [
    [
      'a plain-http remote host',
      { ...GOOD, baseUrl: 'http://evil.example/v1' },
      /value\.0\.baseUrl: The base URL must be https/,
    ],
    [
      'a javascript: URL',
      { ...GOOD, baseUrl: 'javascript:alert(1)' },
      /value\.0\.baseUrl: The base URL must be https/,
    ],
    [
      'credentials in the URL',
      { ...GOOD, baseUrl: 'https://u:p@gw.example' },
      /value\.0\.baseUrl: The base URL must be https/,
    ],
    ['concurrency 50', { ...GOOD, concurrency: 50 }, /value\.0\.concurrency: Concurrency must be 1–8/],
    ['concurrency 0', { ...GOOD, concurrency: 0 }, /value\.0\.concurrency: Concurrency must be 1–8/],
    ['an unknown provider kind', { ...GOOD, kind: 'evil' }, /value\.0\.kind: Unknown provider kind/],
  ];
  for (const [what, connection, message] of cases) {
    it(`refuses the whole import for ${what}, and writes nothing`, async () => {
      await expectRefused(
        await withConnection(connection),
        'bad-record',
        new RegExp(
          `line \\d+ of records/settings/\\d{5}\\.ndjson \\(a settings record\\) is not valid — ${message.source}`,
        ),
      );
    });
  }

  it('accepts https and loopback http, refuses everything else', () => {
    expect(isAllowedBaseUrl('https://api.openai.com/v1')).toBe(true);
    expect(isAllowedBaseUrl('http://127.0.0.1:5183/v1')).toBe(true);
    expect(isAllowedBaseUrl('http://localhost:8080')).toBe(true);
    expect(isAllowedBaseUrl('http://[::1]:8080')).toBe(true);
    expect(isAllowedBaseUrl('http://192.168.1.5')).toBe(false);
    expect(isAllowedBaseUrl('http://localhost.evil.example')).toBe(false);
    expect(isAllowedBaseUrl('ftp://gw.example')).toBe(false);
  });

  it('marks every new imported connection imported, drops keys, and keeps the user’s own', async () => {
    const target = await freshDb();
    const summary = await importBackup(
      target.db,
      await withConnection({ ...GOOD, apiKey: 'sk-smuggled', wrappedKey: { iv: 'x', data: 'y' } }),
    );
    const merged = importedConnections([{ id: 'local' }], [...summary.connections, { ...GOOD, id: 'local' }]);
    expect(merged).toEqual([{ ...GOOD, imported: true }]);
    expect(merged[0]).not.toHaveProperty('apiKey');
    expect(merged[0]).not.toHaveProperty('wrappedKey');
  });
});
