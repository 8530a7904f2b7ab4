import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { StoreController } from '../../state/store-controller.ts';
import { formatBytes } from '../format.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import { panelStyles } from './panel-styles.ts';

/** Stores shown by name; others (added later) appear under their own name. */
const LABELS: Record<string, string> = {
  assets: 'Assets',
  videos: 'Clips',
  episodes: 'Episodes',
  projects: 'Projects',
  segments: 'Segments',
  prompts: 'Prompts',
  jobs: 'Jobs',
  spend: 'Spend records',
  blobs: 'Stored files',
  settings: 'Settings',
};

/** Space used by kind, persistence, orphaned files, and "delete everything". */
@customElement('rw-storage-panel')
export class RwStoragePanel extends LitElement {
  static override styles = [controlStyles, panelStyles];

  private readonly app = new StoreController(this);

  @state() private usage?: Record<string, { count: number; bytes: number }>;
  @state() private orphanMessage = '';
  @state() private confirmText = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  override render() {
    const state = this.app.state;
    if (!state) return nothing;
    const storage = state.storage;
    return html`
      <section aria-labelledby="usage-title">
        <h3 id="usage-title">Space used</h3>
        ${
          this.usage
            ? html`<table>
                <caption class="note">
                  From the library's records; file sizes as stored.
                </caption>
                <tbody>
                  ${Object.entries(this.usage)
                    .filter(([name, row]) => row.count > 0 && name !== 'settings')
                    .map(
                      ([name, row]) =>
                        html`<tr>
                          <th scope="row">${LABELS[name] ?? name}</th>
                          <td>${row.count}</td>
                          <td>${row.bytes ? formatBytes(row.bytes) : ''}</td>
                        </tr>`,
                    )}
                </tbody>
              </table>`
            : html`<p class="note">Counting…</p>`
        }
        <p class="note">
          ${storage ? `${formatBytes(storage.usage)} used of ${formatBytes(storage.quota)} this browser allows.` : ''}
          ${storage?.persisted ? 'Storage is persistent: the browser will not clear it to free space.' : 'Storage is not persistent: the browser may clear it when the device runs low on space.'}
        </p>
        ${storage && !storage.persisted ? html`<div class="row"><button @click=${() => this.app.store?.backup.requestPersistence()}>Ask to keep my data</button></div>` : nothing}
      </section>
      <section aria-labelledby="orphans-title">
        <h3 id="orphans-title">Orphaned files</h3>
        <p class="note">
          Stored bytes no asset or clip refers to (left by a crash or an interrupted import).
        </p>
        <div class="row">
          <button ?disabled=${!!state.backup} @click=${this.onOrphans}>Find and remove orphaned files</button>
        </div>
        <p class="message" role="status">${this.orphanMessage}</p>
      </section>
      <section aria-labelledby="wipe-title">
        <h3 id="wipe-title">Delete everything</h3>
        <p class="note">
          Deletes every asset, clip, episode, prompt, job, setting and key on this device. Export first if you
          may want it back.
        </p>
        <label
          >Type DELETE to confirm
          <input
            .value=${this.confirmText}
            autocomplete="off"
            @input=${(e: Event) => (this.confirmText = (e.target as HTMLInputElement).value)}
        /></label>
        <div class="row">
          <button
            class="danger"
            ?disabled=${this.confirmText !== 'DELETE' || !!state.backup}
            @click=${this.onWipe}
          >
            Delete everything
          </button>
        </div>
      </section>
    `;
  }

  private async refresh(): Promise<void> {
    await this.updateComplete;
    this.usage = await this.app.store?.backup.storageUsage();
  }

  private async onOrphans(): Promise<void> {
    const swept = await this.app.store?.backup.removeOrphans();
    if (!swept) return;
    this.orphanMessage = swept.count
      ? `Removed ${swept.count} orphaned file${swept.count === 1 ? '' : 's'} (${formatBytes(swept.bytes)}).`
      : 'No orphaned files found.';
    void this.refresh();
  }

  private async onWipe(): Promise<void> {
    if (this.confirmText !== 'DELETE') return;
    await this.app.store?.backup.deleteEverything();
    location.reload();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-storage-panel': RwStoragePanel;
  }
}
