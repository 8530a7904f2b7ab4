import { describe, expect, it, vi } from 'vitest';
import { synthesizeSpeech } from '../../../src/media/voice/synth.ts';
import {
  createLocalSpeechProvider,
  LOCAL_VOICE_LABEL,
} from '../../../src/providers/local-speech-provider.ts';
import { caught } from '../providers/fake-fetch';
import { readWav } from './audio';
import { bytesOf, line, speechCatalog } from './helpers';

const signal = () => new AbortController().signal;
const synthesize = vi.fn(
  ({ input, voice, speed }: { input: string; voice: string; speed: number }) =>
    synthesizeSpeech(input, { voice, speed }).blob,
);

async function settle(provider: ReturnType<typeof createLocalSpeechProvider>, handle: { id: string }) {
  for (;;) {
    const result = await provider.poll(handle, signal());
    if (result.state !== 'running') return result;
  }
}

describe('local speech provider', () => {
  it('is the catalog default, labelled as a placeholder', () => {
    const model = speechCatalog.find({ kind: 'local' }, 'local-voice');
    expect(model?.label).toBe(LOCAL_VOICE_LABEL);
    expect(model?.label).toMatch(/placeholder, not AI/);
    expect(model).toMatchObject({ formats: ['wav'], price: { perMillionChars: 0 }, customVoices: true });
  });

  it('voices a line on this device through the job lifecycle', async () => {
    const provider = createLocalSpeechProvider({ synthesize });
    const request = line('local', 'local-voice', { voice: 'nova', speed: 1.5, jobId: 'job-1' });
    const handle = await provider.submit(request, signal());
    expect(handle.data).toMatchObject({
      mode: 'speech',
      input: request.input,
      voice: 'nova',
      speed: '1.5',
      jobId: 'job-1',
    });
    expect(await settle(provider, handle)).toMatchObject({ state: 'completed' });
    const { files } = await provider.download(handle, signal());
    const wav = readWav(await bytesOf(files[0]!));
    expect(wav.sampleRate).toBe(48_000);
    expect(synthesize).toHaveBeenLastCalledWith({ input: request.input, voice: 'nova', speed: 1.5 });
  });

  it('renders again from the handle after a reload (deterministic, nothing billed)', async () => {
    const first = createLocalSpeechProvider({ synthesize });
    const handle = await first.submit(line('local', 'local-voice', { voice: 'deep' }), signal());
    const before = await bytesOf((await first.download(handle, signal())).files[0]!);
    const reloaded = createLocalSpeechProvider({ synthesize });
    expect(await settle(reloaded, handle)).toMatchObject({ state: 'completed' });
    const after = await bytesOf((await reloaded.download(handle, signal())).files[0]!);
    expect(Buffer.compare(Buffer.from(after), Buffer.from(before))).toBe(0);
    expect(after.length).toBeGreaterThan(44);
  });

  it('refuses an illegal line and reports a failed render', async () => {
    const provider = createLocalSpeechProvider({ synthesize });
    const error = await caught(provider.submit(line('local', 'local-voice', { speed: 3 }), signal()));
    expect(error).toMatchObject({ kind: 'validation', field: 'speed' });
    const broken = createLocalSpeechProvider({
      synthesize: () => {
        throw new Error('out of memory');
      },
    });
    const handle = await broken.submit(line('local', 'local-voice'), signal());
    const result = await settle(broken, handle);
    expect(result).toMatchObject({ state: 'failed', error: { kind: 'local' } });
    expect(result.error?.message).toMatch(/out of memory/);
    expect(await broken.poll({ id: 'local-speech_unknown' }, signal())).toEqual({ state: 'expired' });
  });
});
