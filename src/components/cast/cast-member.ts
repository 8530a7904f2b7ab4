import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { CastChangeEvent, CastRemoveEvent, CastSheetApproveEvent, CastSheetEvent } from '../../events.ts';
import type { CastKind, MemberPatch } from '../../state/cast-actions.ts';
import type { SheetCandidates } from '../../state/cast-view.ts';
import type { AssetRecord, CastMember } from '../../types.ts';
import { controlStyles, stackedLabelStyles } from '../ui/shared-styles.ts';

/**
 * One character or set of the cast bible: name, visual description, voice note, its reference images
 * (picked from the asset library, with thumbnails) and "Make a character sheet" with the candidates to approve.
 */
@customElement('rw-cast-member')
export class RwCastMember extends LitElement {
  static override styles = [
    controlStyles,
    stackedLabelStyles,
    css`
      :host {
        display: grid;
        gap: 6px;
        padding: 8px;
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius);
        background: var(--rw-surface);
      }
      textarea {
        min-height: 3em;
        resize: vertical;
      }
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        gap: 2px;
        justify-items: center;
        font-size: 0.75rem;
      }
      img {
        width: 56px;
        height: 80px;
        object-fit: cover;
        border-radius: var(--rw-radius-small);
        background: var(--rw-surface-2);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: end;
      }
      .error {
        color: var(--rw-danger);
        margin: 0;
      }
      h4 {
        margin: 0;
        font-size: 0.8rem;
      }
    `,
  ];

  @property({ attribute: false }) member!: CastMember;
  @property() kind: CastKind = 'cast';
  @property() projectId = '';
  @property({ attribute: false }) images: readonly AssetRecord[] = [];
  @property({ attribute: false }) sheets: SheetCandidates = { pending: 0, failures: [], stills: [] };
  @property({ attribute: false }) urls: (blobId: string | undefined) => string | undefined = () => undefined;

  override render() {
    const m = this.member;
    if (!m) return nothing;
    const refs = m.referenceIds
      .map((id) => this.images.find((a) => a.id === id))
      .filter((a): a is AssetRecord => !!a);
    const free = this.images.filter((a) => !m.referenceIds.includes(a.id));
    const what = this.kind === 'sets' ? 'set' : 'character';
    return html`
      <label>Name <input .value=${m.name} @change=${(e: Event) => this.change({ name: value(e) })} /></label>
      <label
        >Visual description
        <textarea
          .value=${m.description}
          placeholder=${this.kind === 'sets' ? 'Light, materials, era, weather…' : 'Face, hair, wardrobe…'}
          @change=${(e: Event) => this.change({ description: value(e) })}
        ></textarea>
      </label>
      ${
        this.kind === 'cast'
          ? html`<label
              >Voice note
              <input
                .value=${m.voice ?? ''}
                placeholder="Low, dry, a little hoarse"
                @change=${(e: Event) => this.change({ voice: value(e) || undefined })}
            /></label>`
          : nothing
      }
      <h4>Reference images (${refs.length})</h4>
      ${
        refs.length
          ? html`<ul aria-label="Reference images of ${m.name}">
              ${refs.map(
                (a, i) =>
                  html`<li>
                    ${this.thumb(a, `${i === 0 ? 'Main reference' : 'Reference'} of ${m.name}: ${a.name}`)}
                    <button
                      class="icon"
                      aria-label="Remove ${a.name} from ${m.name}"
                      @click=${() => this.unref(a.id)}
                    >
                      ✕
                    </button>
                  </li>`,
              )}
            </ul>`
          : html`<p class="muted">No reference yet: pick an image or make a sheet.</p>`
      }
      <div class="row">
        <label
          >Add a reference image
          <select @change=${this.addRef} aria-label="Add a reference image to ${m.name}">
            <option value="" selected>Pick from the library…</option>
            ${free.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
          </select>
        </label>
        <button @click=${() => this.dispatchEvent(new CastSheetEvent(this.ref()))}>
          Make a ${this.kind === 'sets' ? 'set reference' : 'character sheet'} for ${m.name}
        </button>
        <button class="danger" @click=${() => this.dispatchEvent(new CastRemoveEvent(this.ref()))}>
          Remove ${what} ${m.name}
        </button>
      </div>
      ${this.renderSheets()}
    `;
  }

  private renderSheets() {
    const { pending, failures, stills } = this.sheets;
    const name = this.member.name;
    return html`
      ${pending ? html`<p class="muted" role="status">Making ${pending} sheet${pending === 1 ? '' : 's'}…</p>` : nothing}
      ${failures.map((f) => html`<p class="error">Sheet failed: ${f}</p>`)}
      ${
        stills.length
          ? html`<ul aria-label="Sheet candidates of ${name}">
              ${stills.map(
                (a, i) =>
                  html`<li>
                    ${this.thumb(a, `Sheet candidate ${i + 1} of ${name}`)}
                    <button
                      @click=${() => this.dispatchEvent(new CastSheetApproveEvent({ ...this.ref(), assetId: a.id }))}
                    >
                      Approve sheet ${i + 1} of ${name}
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
    `;
  }

  private thumb(asset: AssetRecord, alt: string) {
    const url = this.urls(asset.thumbId ?? asset.blobId);
    return url ? html`<img src=${url} alt=${alt} />` : html`<span>${alt}</span>`;
  }

  private ref() {
    return { projectId: this.projectId, kind: this.kind, id: this.member.id };
  }

  private change(patch: MemberPatch): void {
    this.dispatchEvent(new CastChangeEvent({ ...this.ref(), patch }));
  }

  private unref(assetId: string): void {
    this.change({ referenceIds: this.member.referenceIds.filter((id) => id !== assetId) });
  }

  private readonly addRef = (event: Event): void => {
    const select = event.target as HTMLSelectElement;
    const id = select.value;
    select.value = '';
    if (id) this.change({ referenceIds: [...this.member.referenceIds, id] });
  };
}

const value = (event: Event): string => (event.target as HTMLInputElement).value;

declare global {
  interface HTMLElementTagNameMap {
    'rw-cast-member': RwCastMember;
  }
}
