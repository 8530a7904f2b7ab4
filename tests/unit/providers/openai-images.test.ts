import { describe, expect, it } from 'vitest';
import { checkImageSize, generateImages } from '../../../src/providers/openai-images.ts';
import { caught, fakeDeps, json, KEY, scriptedFetch } from './fake-fetch.ts';

const signal = () => new AbortController().signal;
/** A PNG head (signature + IHDR): stills are typed by their bytes, so the fixture must look like one. */
const PNG_BYTES = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
const PNG_B64 = Buffer.from(PNG_BYTES).toString('base64');

describe('checkImageSize', () => {
  it.each(['1536x864', '1024x1024', '3840x2160', '2160x3840', '768x2304'])(
    'gpt-image-2 accepts %s',
    (size) => {
      expect(() => checkImageSize('gpt-image-2', size)).not.toThrow();
      expect(() => checkImageSize('gpt-image-2-2026-04-21', size)).not.toThrow();
    },
  );

  it.each([
    ['1000x1000', /divisible by 16/],
    ['4096x2160', /larger/],
    ['3200x1024', /3:1/],
    ['big', /not a size/],
  ])('gpt-image-2 refuses %s', (size, message) => {
    expect(() => checkImageSize('gpt-image-2', size)).toThrow(message);
  });

  it.each(['1024x1024', '1536x1024', '1024x1536'])('other models accept %s', (size) => {
    expect(() => checkImageSize('gpt-image-1', size)).not.toThrow();
  });

  it('other models refuse anything else, naming the size field', () => {
    try {
      checkImageSize('gpt-image-1.5', '1536x864');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'validation', field: 'size' });
    }
  });
});

describe('generateImages', () => {
  it('always sends model, and decodes b64_json into typed Blobs', async () => {
    const net = scriptedFetch(
      json({ created: 1, data: [{ b64_json: PNG_B64 }, { b64_json: PNG_B64 }], output_format: 'webp' }),
    );
    const { deps } = fakeDeps(net.fetch);
    const blobs = await generateImages(
      deps,
      { modelId: 'gpt-image-2', prompt: 'a fox', size: '1536x864', n: 2 },
      signal(),
    );
    expect(blobs).toHaveLength(2);
    // Declared webp, but the bytes are a PNG: the sniffed type wins.
    expect(blobs[0].type).toBe('image/png');
    expect([...new Uint8Array(await blobs[0].arrayBuffer())]).toEqual(PNG_BYTES);
    const [call] = net.calls;
    expect(call.url.href).toBe('https://api.openai.com/v1/images/generations');
    expect(JSON.parse(call.body as string)).toEqual({
      model: 'gpt-image-2',
      prompt: 'a fox',
      size: '1536x864',
      n: 2,
    });
  });

  it('defaults to PNG and fetches url results without sending the key elsewhere', async () => {
    const net = scriptedFetch(
      json({ created: 1, data: [{ url: 'https://cdn.example.net/i.png' }] }),
      new Response(new Uint8Array(PNG_BYTES), { headers: { 'content-type': 'image/png' } }),
    );
    const { deps } = fakeDeps(net.fetch);
    const blobs = await generateImages(
      deps,
      { modelId: 'gpt-image-1', prompt: 'a fox', size: '1024x1024' },
      signal(),
    );
    expect(blobs[0].type).toBe('image/png');
    expect(blobs[0].size).toBe(PNG_BYTES.length);
    expect(net.calls[0].headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(net.calls[1].headers.get('authorization')).toBeNull();
  });

  it('refuses a bad size before sending', async () => {
    const net = scriptedFetch();
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(
      generateImages(deps, { modelId: 'gpt-image-1', prompt: 'a fox', size: '1536x864' }, signal()),
    );
    expect(error).toMatchObject({ kind: 'validation', field: 'size' });
    expect(net.calls).toHaveLength(0);
  });

  it('refuses n outside 1-10 before sending', async () => {
    const net = scriptedFetch();
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(
      generateImages(deps, { modelId: 'gpt-image-2', prompt: 'a fox', size: '1024x1024', n: 11 }, signal()),
    );
    expect(error).toMatchObject({ kind: 'validation', field: 'n' });
  });

  it('an answer without images is an error', async () => {
    const net = scriptedFetch(json({ created: 1, data: [] }));
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(
      generateImages(deps, { modelId: 'gpt-image-2', prompt: 'a fox', size: '1024x1024' }, signal()),
    );
    expect(error).toMatchObject({ kind: 'server' });
  });

  it('a timeout is outcome-unknown and not re-sent (images are billed)', async () => {
    const net = scriptedFetch('hang', json({ data: [{ b64_json: PNG_B64 }] }));
    const { deps } = fakeDeps(net.fetch);
    const error = await caught(
      generateImages(deps, { modelId: 'gpt-image-2', prompt: 'a fox', size: '1024x1024' }, signal(), {
        timeoutMs: 10,
      }),
    );
    expect(error).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    expect(net.calls).toHaveLength(1);
  });
});
