import { html } from 'lit';

/** fal.ai's queue: the default base URL of a fal connection (an empty base URL means this). */
export const FAL_QUEUE_BASE = 'https://queue.fal.run';

/** What a fal.ai connection is for, shown at the top of its form. */
export const falHelp = () =>
  html`<p class="note">
    One fal.ai key reaches today's video models through one queue: Veo 3.1, Kling 3, Seedance 2.0, Wan 2.7,
    LTX 2.3 and Gemini Omni Flash (and FLUX stills). Create a key at fal.ai/dashboard/keys. fal.ai keeps each
    result for one hour only, so Reelwright downloads every clip into this device's library the moment it
    finishes. Reference images are fitted to the chosen size and uploaded to fal.ai storage first.
  </p>`;

/**
 * The base URL a fal form may save: empty or the fal.ai queue → the queue; a test server (e.g. the mock at
 * `http://127.0.0.1:4020/queue`) as given. A fal.ai address that is not the queue gets a specific message.
 */
export function falBaseUrl(input: string): { url: string } | { problem: string } {
  const text = input.trim().replace(/\/+$/, '');
  if (!text) return { url: FAL_QUEUE_BASE };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `“${text}” is not a web address. Leave it empty for fal.ai (${FAL_QUEUE_BASE}).` };
  }
  const host = url.hostname;
  if (
    (host === 'fal.run' || host.endsWith('.fal.run') || host === 'fal.ai' || host.endsWith('.fal.ai')) &&
    url.origin !== FAL_QUEUE_BASE
  ) {
    return {
      problem: `${url.origin} is not the fal.ai queue. Reelwright sends jobs to ${FAL_QUEUE_BASE}: leave the field empty to use it.`,
    };
  }
  if (url.origin === FAL_QUEUE_BASE && url.pathname !== '/') {
    return {
      problem: `The fal.ai queue base is ${FAL_QUEUE_BASE} without a path; model ids are added per job.`,
    };
  }
  return { url: text };
}

/** Under the base URL field (`aria-describedby="base-hint"`). */
export const falBaseHint = () =>
  html`<p class="note" id="base-hint">
    The queue base: empty or ${FAL_QUEUE_BASE} for fal.ai; a test server's queue (e.g.
    http://127.0.0.1:4020/queue) for the mock.
  </p>`;

/** Where a fal key is sent: the fal.ai queue and storage hosts, or the test server. */
export function falHosts(url?: string): string {
  let host = '';
  try {
    host = url ? new URL(url).host : '';
  } catch {
    host = '';
  }
  return !host || host === 'queue.fal.run' ? 'queue.fal.run and rest.fal.ai' : host;
}
