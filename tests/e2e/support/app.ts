import { expect, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export { meanDifference } from './frames.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'assets');
export const fixture = (name: string): string => join(FIXTURES, name);

export interface FileSpec {
  name: string;
  /** Real bytes; from a fixture path or given directly. */
  bytes: Buffer;
  type?: string;
}

export const fileFrom = (path: string, name = basename(path), type = ''): FileSpec => ({
  name,
  bytes: readFileSync(path),
  type,
});

/** Opens the app fresh and waits for the shell to be ready. */
export async function openApp(page: Page, query = '?pace=fast'): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole('heading', { name: 'Reelwright' })).toBeVisible();
}

/**
 * Waits until the service worker has precached the app and controls the page, so the views that load lazily
 * (library, episodes) still load once the test goes offline. Reloads once if the first load is not controlled.
 */
export async function offlineReady(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

export type PaneTab = 'Assets' | 'Viewer' | 'Prompt';

/**
 * On a phone (or a portrait tablet) one pane shows at a time, chosen by the "Panes" tabs; on a desktop
 * every pane is visible and this does nothing. Page objects call it before they act, so one spec runs at
 * both sizes.
 */
export async function showPane(page: Page, tab: PaneTab): Promise<void> {
  const tabs = page.getByRole('tablist', { name: 'Panes' });
  if (!(await tabs.isVisible())) return;
  const button = tabs.getByRole('tab', { name: tab, exact: true });
  if ((await button.getAttribute('aria-selected')) !== 'true') await button.click();
  await expect(button).toHaveAttribute('aria-selected', 'true');
}

/** The asset library pane. */
export class AssetManagerPane {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByRole('complementary', { name: 'Asset library' });
  }

  /** Brings the pane on screen (its tab on a phone). */
  show(): Promise<void> {
    return showPane(this.page, 'Assets');
  }

  get cards(): Locator {
    return this.root.getByRole('article');
  }

  card(name: string): Locator {
    return this.root.getByRole('article', { name, exact: true });
  }

  /** A synthetic drag-and-drop with real file bytes (DataTransfer built in the page). */
  async drop(files: readonly FileSpec[]): Promise<void> {
    const payload = files.map((f) => ({
      name: f.name,
      type: f.type ?? '',
      data: f.bytes.toString('base64'),
    }));
    await this.root.evaluate(async (target, items) => {
      const transfer = new DataTransfer();
      for (const item of items) {
        const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], item.name, { type: item.type }));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }),
        );
      }
    }, payload);
  }

  /** Ctrl/Cmd+V of an image: a paste event carrying files, dispatched at the focused document. */
  async paste(files: readonly FileSpec[]): Promise<void> {
    const payload = files.map((f) => ({
      name: f.name,
      type: f.type ?? '',
      data: f.bytes.toString('base64'),
    }));
    await this.page.evaluate((items) => {
      const transfer = new DataTransfer();
      for (const item of items) {
        const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], item.name, { type: item.type }));
      }
      document.body.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    }, payload);
  }

  async pick(paths: readonly string[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.root.getByRole('button', { name: 'Add files…' }).click();
    await (await chooser).setFiles([...paths]);
  }

  async expectCount(count: number): Promise<void> {
    await expect(this.cards).toHaveCount(count);
  }
}

/** The prompt bar pane. */
export class PromptBarPane {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByRole('region', { name: 'Prompt bar' });
  }

  /** Brings the pane on screen (its tab on a phone). */
  show(): Promise<void> {
    return showPane(this.page, 'Prompt');
  }

  get prompt(): Locator {
    return this.root.getByRole('textbox', { name: 'Prompt' });
  }

  select(label: 'Provider' | 'Model' | 'Size' | 'Duration'): Locator {
    return this.root.getByLabel(label, { exact: true });
  }

  async generate(text: string, options: { size?: string; seconds?: number } = {}): Promise<void> {
    await this.prompt.fill(text);
    if (options.size) await this.select('Size').selectOption(options.size);
    if (options.seconds) await this.select('Duration').selectOption(String(options.seconds));
    await this.root.getByRole('button', { name: 'Generate' }).click();
  }
}

/** The video viewer pane. */
export class ViewerPane {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByRole('main', { name: 'Video viewer' });
  }

  /** Brings the pane on screen (its tab on a phone). */
  show(): Promise<void> {
    return showPane(this.page, 'Viewer');
  }

  get video(): Locator {
    return this.root.locator('video');
  }

  get jobs(): Locator {
    return this.root.getByRole('list', { name: 'Jobs' }).getByRole('listitem');
  }

  /** Waits until the clip element has metadata; returns what the browser decoded. */
  async playable(): Promise<{ width: number; height: number; duration: number }> {
    await expect(this.video).toBeVisible({ timeout: 60_000 });
    return this.video.evaluate(
      (video: HTMLVideoElement) =>
        new Promise<{ width: number; height: number; duration: number }>((resolve, reject) => {
          const done = () =>
            resolve({ width: video.videoWidth, height: video.videoHeight, duration: video.duration });
          if (video.readyState >= 1) done();
          video.addEventListener('loadedmetadata', done, { once: true });
          video.addEventListener('error', () => reject(new Error(`video error ${video.error?.code}`)), {
            once: true,
          });
        }),
    );
  }

  /** Clicks Download and returns the saved file's path. */
  async download(): Promise<string> {
    const pending = this.page.waitForEvent('download');
    await this.root.getByRole('link', { name: 'Download' }).click();
    const download = await pending;
    const path = join(tmpdir(), `rw-${Date.now()}-${download.suggestedFilename()}`);
    await download.saveAs(path);
    return path;
  }
}

export interface ProbeResult {
  width: number;
  height: number;
  duration: number;
  videoCodec: string;
  audioCodec?: string;
}

/** ffprobe of a file: the truth about what was saved. */
export function ffprobe(path: string): ProbeResult {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path], {
    encoding: 'utf8',
  });
  const json = JSON.parse(out) as {
    streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
    format: { duration: string };
  };
  const video = json.streams.find((s) => s.codec_type === 'video');
  const audio = json.streams.find((s) => s.codec_type === 'audio');
  return {
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    duration: Number(json.format.duration),
    videoCodec: video?.codec_name ?? '',
    audioCodec: audio?.codec_name,
  };
}

export interface RgbFrame {
  width: number;
  height: number;
  /** Packed RGB, 3 bytes a pixel. */
  rgb: Buffer;
}

/**
 * One frame of a video (or an image) as ffmpeg decodes it: the first, the last, or the one shown at
 * `seconds`. An outside reader, so a test's expectations never depend on the app's own decoder.
 */
export function rgbFrame(path: string, at: 'first' | 'last' | number = 'first'): RgbFrame {
  const [stream] = (
    JSON.parse(
      execFileSync(
        'ffprobe',
        ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-of', 'json', path],
        {
          encoding: 'utf8',
        },
      ),
    ) as { streams: Array<{ width: number; height: number }> }
  ).streams;
  if (!stream) throw new Error(`${path} has no picture`);
  const seek = at === 'last' ? ['-sseof', '-1'] : typeof at === 'number' ? ['-ss', String(at)] : [];
  // -update 1 keeps overwriting one picture, so what is left is the last frame decoded.
  const pick = at === 'last' ? ['-update', '1'] : ['-frames:v', '1'];
  const out = join(
    tmpdir(),
    `rw-frame-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.rgb`,
  );
  execFileSync('ffmpeg', [
    '-v',
    'error',
    ...seek,
    '-i',
    path,
    '-f',
    'image2',
    '-c:v',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    ...pick,
    '-y',
    out,
  ]);
  const rgb = readFileSync(out);
  if (rgb.length !== stream.width * stream.height * 3)
    throw new Error(`ffmpeg gave ${rgb.length} bytes for ${path}`);
  return { width: stream.width, height: stream.height, rgb };
}

export function writeTemp(name: string, bytes: Buffer): string {
  const path = join(tmpdir(), `rw-${Date.now()}-${name}`);
  writeFileSync(path, bytes);
  return path;
}
