import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { StoreController } from '../../state/store-controller.ts';
import { formatBytes } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import { panelStyles } from './panel-styles.ts';

const PHASE_TEXT = {
  preparing: 'Preparing…',
  exporting: 'Exporting',
  checking: 'Checking every file',
  writing: 'Adding to your library',
  'rolling-back': 'Canceling: removing what was added…',
} as const;

/** Export the library or one project as a zip; import one back, checked before anything is written. */
@customElement('rw-backup-panel')
export class RwBackupPanel extends LitElement {
  static override styles = [controlStyles, panelStyles];

  private readonly app = new StoreController(this);

  @state() private scope = 'library';
  @state() private includeKeys = false;
  @state() private file?: File;
  @query('#export-passphrase') private exportPassphrase?: HTMLInputElement;
  @query('#import-passphrase') private importPassphrase?: HTMLInputElement;

  override render() {
    const state = this.app.state;
    if (!state) return nothing;
    const task = state.backup;
    const busy = !!task;
    return html`
      <section aria-labelledby="export-title">
        <h3 id="export-title">Export</h3>
        <p class="note">
          One .zip with your assets, clips, thumbnails, prompts, projects and history. Keep it somewhere safe.
        </p>
        <label
          >What to export
          <select
            .value=${this.scope}
            @change=${(e: Event) => (this.scope = (e.target as HTMLSelectElement).value)}
            ?disabled=${busy}
          >
            <option value="library">The whole library</option>
            ${state.projects.map((p) => html`<option value=${p.id}>Project: ${p.title}</option>`)}
          </select>
        </label>
        <label class="inline">
          <input
            type="checkbox"
            .checked=${this.includeKeys}
            ?disabled=${busy}
            @change=${(e: Event) => (this.includeKeys = (e.target as HTMLInputElement).checked)}
          />
          Include provider keys, encrypted with a passphrase
        </label>
        ${
          this.includeKeys
            ? html`<label
                >Passphrase for the keys (8+ characters)
                <input id="export-passphrase" type="password" autocomplete="new-password" minlength="8"
              /></label>`
            : nothing
        }
        <div class="row">
          <button class="primary" ?disabled=${busy} @click=${this.onExport}>Export…</button>
        </div>
      </section>
      <section aria-labelledby="import-title">
        <h3 id="import-title">Import</h3>
        <p class="note">
          Adds what your library lacks; nothing already here is changed. The whole file is checked first.
        </p>
        <label
          >Backup file
          <input type="file" accept=".zip,application/zip" ?disabled=${busy} @change=${this.onFile}
        /></label>
        <label
          >Passphrase (only if the backup includes keys)
          <input id="import-passphrase" type="password" autocomplete="off"
        /></label>
        <div class="row">
          <button class="primary" ?disabled=${busy || !this.file} @click=${this.onImport}>Import</button>
        </div>
      </section>
      ${task ? this.renderProgress(task) : nothing}
      <p
        class="message"
        role=${state.backupMessage?.tone === 'error' ? 'alert' : 'status'}
        data-tone=${state.backupMessage?.tone ?? 'info'}
      >
        ${state.backupMessage?.text ?? ''}
      </p>
    `;
  }

  private renderProgress(task: NonNullable<NonNullable<StoreController['state']>['backup']>) {
    const eta =
      task.etaMs === undefined ? '' : ` — about ${Math.max(1, Math.round(task.etaMs / 1000))} s left`;
    return html`<section aria-label="Progress">
      <label
        >${PHASE_TEXT[task.phase]} ${task.fileName}
        <progress max=${task.bytesTotal || 1} .value=${task.bytesDone}></progress>
      </label>
      <p class="note" aria-live="polite">
        ${formatBytes(task.bytesDone)} of ${formatBytes(task.bytesTotal)}${eta}
      </p>
      <div class="row"><button @click=${() => this.app.store?.backup.cancelBackup()}>Cancel</button></div>
    </section>`;
  }

  private onExport(): void {
    const state = this.app.state;
    const project = state?.projects.find((p) => p.id === this.scope);
    void this.app.store?.backup.exportBackup({
      scope: project ? { kind: 'project', id: project.id, name: project.title } : { kind: 'library' },
      keysPassphrase: this.includeKeys ? (this.exportPassphrase?.value ?? '') : undefined,
    });
  }

  private onFile(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0];
  }

  private async onImport(): Promise<void> {
    if (!this.file) return;
    const summary = await this.app.store?.backup.importBackup(this.file, this.importPassphrase?.value);
    if (summary && this.importPassphrase) this.importPassphrase.value = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-backup-panel': RwBackupPanel;
  }
}
