import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { StoreController } from '../../state/store-controller.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import { panelStyles } from './panel-styles.ts';

/** The optional passphrase lock for provider keys, and "forget all keys". */
@customElement('rw-key-lock-panel')
export class RwKeyLockPanel extends LitElement {
  static override styles = [controlStyles, panelStyles];

  private readonly app = new StoreController(this);

  @state() private message?: { tone: 'error' | 'success'; text: string };
  @state() private working = false;
  @query('#passphrase') private passphrase?: HTMLInputElement;
  @query('#confirm') private confirmInput?: HTMLInputElement;

  override render() {
    const state = this.app.state;
    if (!state) return nothing;
    const { status, lockedIds } = state.keyLock;
    return html`
      <section aria-labelledby="lock-title">
        <h3 id="lock-title">Key lock</h3>
        <p class="note" role="status">
          ${STATUS_TEXT[status]}${status === 'locked' && lockedIds.length ? ` (${lockedIds.length} key${lockedIds.length === 1 ? '' : 's'})` : ''}
        </p>
        <form @submit=${this.onSubmit}>
          ${status === 'unlocked' ? nothing : html`<label>Passphrase <input id="passphrase" type="password" autocomplete=${status === 'off' ? 'new-password' : 'current-password'} required /></label>`}
          ${status === 'off' ? html`<label>Passphrase again <input id="confirm" type="password" autocomplete="new-password" required /></label>` : nothing}
          <div class="row">
            ${status === 'off' ? html`<button class="primary" type="submit" ?disabled=${this.working}>Lock keys</button>` : nothing}
            ${status === 'locked' ? html`<button class="primary" type="submit" ?disabled=${this.working}>Unlock</button>` : nothing}
            ${
              status === 'unlocked'
                ? html`<button type="button" @click=${() => this.app.store?.keys.relockKeys()}>
                      Lock now
                    </button>
                    <button
                      type="button"
                      @click=${() => this.run(() => this.app.store!.keys.removeKeyLock())}
                    >
                      Remove the lock
                    </button>`
                : nothing
            }
          </div>
        </form>
        <p class="note">
          The passphrase is never stored. Forgotten, it cannot be recovered: forget the keys and enter them
          again.
        </p>
      </section>
      <section aria-labelledby="forget-title">
        <h3 id="forget-title">Forget all keys</h3>
        <p class="note">Deletes every provider key from this device, locked or not. Your library is kept.</p>
        <div class="row"><button class="danger" @click=${this.onForget}>Forget all keys</button></div>
      </section>
      <p
        class="message"
        role=${this.message?.tone === 'error' ? 'alert' : 'status'}
        data-tone=${this.message?.tone ?? 'info'}
      >
        ${this.message?.text ?? ''}
      </p>
    `;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const store = this.app.store;
    const status = this.app.state?.keyLock.status;
    const passphrase = this.passphrase?.value ?? '';
    if (!store) return;
    if (status === 'off') {
      if (passphrase !== this.confirmInput?.value) {
        this.message = { tone: 'error', text: 'The two passphrases differ.' };
        return;
      }
      await this.run(() => store.keys.lockKeys(passphrase), 'Keys locked.');
    } else if (status === 'locked') {
      await this.run(() => store.keys.unlockKeys(passphrase), 'Unlocked for this session.');
    }
  }

  private async onForget(): Promise<void> {
    if (!confirm('Delete every provider key from this device?')) return;
    await this.run(() => this.app.store!.keys.forgetAllKeys(), 'All keys were deleted from this device.');
  }

  private async run(action: () => Promise<string | undefined>, success = 'Done.'): Promise<void> {
    this.working = true;
    try {
      const failed = await action();
      this.message = failed ? { tone: 'error', text: failed } : { tone: 'success', text: success };
      if (!failed && this.passphrase) this.passphrase.value = '';
    } finally {
      this.working = false;
    }
  }
}

const STATUS_TEXT = {
  off: 'Off: keys are stored on this device encrypted with a device key the browser will not export. That protects a copied profile or disk, not code running in this page; a passphrase lock is stronger.',
  locked: 'Locked: keys cannot be used until you unlock them. Jobs wait with “Unlock your keys to send”.',
  unlocked: 'Unlocked for this session. They lock again when you reload or press “Lock now”.',
} as const;

declare global {
  interface HTMLElementTagNameMap {
    'rw-key-lock-panel': RwKeyLockPanel;
  }
}
