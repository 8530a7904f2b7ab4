import { BlobReader, BlobWriter, Uint8ArrayReader, ZipReader, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { expectRefused, seededArchive } from './helpers.ts';

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The files of an archive, in order. */
async function filesOf(archive: Blob): Promise<Array<[string, Uint8Array]>> {
  const reader = new ZipReader(new BlobReader(archive));
  const out: Array<[string, Uint8Array]> = [];
  for (const entry of await reader.getEntries()) {
    if (!entry.directory)
      out.push([entry.filename, new Uint8Array(await (await entry.getData(new BlobWriter())).arrayBuffer())]);
  }
  await reader.close();
  return out;
}

async function zipOf(files: Array<[string, Uint8Array, number?]>): Promise<Uint8Array> {
  const writer = new ZipWriter(new BlobWriter('application/zip'));
  for (const [name, bytes, level] of files)
    await writer.add(name, new Uint8ArrayReader(bytes), { level: level ?? 0 });
  return new Uint8Array(await (await writer.close()).arrayBuffer());
}

/** Central directory record of `name` (signature PK\1\2); its uncompressed size is at +24. */
function centralRecord(zip: Uint8Array, name: string): number {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = zip.length - 46; at >= 0; at -= 1) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const length = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(zip.subarray(at + 46, at + 46 + length)) === name) return at;
  }
  throw new Error(`no central record for ${name}`);
}

function renameAll(zip: Uint8Array, from: string, to: string): void {
  const a = enc(from);
  const b = enc(to);
  for (let i = 0; i + a.length <= zip.length; i += 1) {
    if (a.every((v, k) => zip[i + k] === v)) zip.set(b, i);
  }
}

describe('zip bombs are refused before anything is inflated', () => {
  it('refuses a manifest that declares 4 GB', async () => {
    const files = await filesOf(await seededArchive());
    const zip = await zipOf(files.map(([name, bytes]) => [name, bytes, name === 'manifest.json' ? 6 : 0]));
    const at = centralRecord(zip, 'manifest.json');
    new DataView(zip.buffer).setUint32(at + 24, 0xf0000000, true);
    await expectRefused(
      new Blob([zip as BlobPart]),
      'corrupt',
      /manifest\.json declares 3840 MB, more than the 1 MB it may hold/,
    );
  });

  it('refuses a compressed part that inflates past the size it declares', async () => {
    const files = await filesOf(await seededArchive());
    const [partName, part] = files.find(([name]) => name.endsWith('.ndjson') && name.includes('/jobs/'))!;
    const zip = await zipOf(files.map(([name, bytes]) => [name, bytes, name === partName ? 6 : 0]));
    // The directory now claims 10 bytes; the deflated data holds the whole part.
    new DataView(zip.buffer).setUint32(centralRecord(zip, partName) + 24, 10, true);
    expect(part.length).toBeGreaterThan(10);
    await expectRefused(
      new Blob([zip as BlobPart]),
      'corrupt',
      /records\/jobs\/\d+\.ndjson inflates to more than the 10 bytes it declares/,
    );
  });

  it('refuses an archive holding the same name twice', async () => {
    const files = await filesOf(await seededArchive());
    const zip = await zipOf([...files, ['manifesX.json', enc('{"format":"reelwright-backup"}')]]);
    renameAll(zip, 'manifesX.json', 'manifest.json');
    await expectRefused(new Blob([zip as BlobPart]), 'corrupt', /holds manifest\.json twice/);
  });
});
