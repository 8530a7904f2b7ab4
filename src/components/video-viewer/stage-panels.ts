import { html, nothing } from 'lit';
import { isTerminal, type JobRecord } from '../../types.ts';
import '../onboarding/sample-card.ts';
import { STATUS_LABEL } from './job-list.ts';

/**
 * The viewer stage's text panels (styled by the viewer's `.panel` rules): a job still running, a job that
 * failed, and what to say when nothing is showing.
 */

/** A running job's progress, or a failed job's error; undefined for a finished job. */
export function jobPanel(job: JobRecord) {
  if (!isTerminal(job.status)) {
    const local = job.providerKind === 'local';
    return html`<div class="panel" role="status" aria-live="polite">
      <strong>${STATUS_LABEL[job.status]}${job.progress ? ` — ${job.progress}%` : ''}</strong>
      <p>${job.detail ?? ''}</p>
      <progress max="100" .value=${job.progress} aria-label="Generation progress"></progress>
      ${local ? html`<p class="label">Local preview: rendered on this device, not AI output.</p>` : nothing}
    </div>`;
  }
  if (job.status !== 'done') {
    return html`<div class="panel error" role="alert">
      <strong>${STATUS_LABEL[job.status]}</strong>
      <p>${job.error?.message ?? ''}</p>
      <p class="label">${job.error?.action ?? ''}</p>
      ${job.error?.requestId ? html`<p class="label">Request id: ${job.error.requestId}</p>` : nothing}
    </div>`;
  }
  return undefined;
}

/** What to say when nothing is showing, fitted to what the library holds; a first run offers the sample. */
export function emptyPanel(clips: number, firstRun: boolean) {
  if (clips)
    return html`<div class="panel">
      <strong>${clips === 1 ? '1 clip' : `${clips} clips`} in the library — pick one</strong>
      <p>Your clips are listed under <em>Clips</em>; choose one to play it here.</p>
    </div>`;
  return html`<div class="panel">
    <strong>No clip selected</strong>
    <p>
      No clips yet. Write a prompt in the prompt bar and press <em>Generate</em> (Ctrl/⌘+Enter). Your clips
      appear here and stay on this device.
    </p>
    ${firstRun ? html`<rw-sample-card offer></rw-sample-card>` : nothing}
  </div>`;
}
