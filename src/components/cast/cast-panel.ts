import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { CastAddEvent } from '../../events.ts';
import type { CastKind } from '../../state/cast-actions.ts';
import { sheetCandidates } from '../../state/cast-view.ts';
import type { AssetRecord, JobRecord, ProjectRecord } from '../../types.ts';
import { controlStyles, stackedLabelStyles } from '../ui/shared-styles.ts';
import './cast-member.ts';

const TITLES: Record<CastKind, { title: string; one: string; hint: string }> = {
  cast: { title: 'Characters', one: 'character', hint: 'Name them in a prompt as @Name.' },
  sets: { title: 'Sets', one: 'set', hint: 'Places kept the same way, also named as @Name.' },
};

/** The cast bible of the open series: its characters and sets, each editable, with sheets to approve. */
@customElement('rw-cast-panel')
export class RwCastPanel extends LitElement {
  static override styles = [
    controlStyles,
    stackedLabelStyles,
    css`
      :host {
        display: grid;
        gap: var(--rw-gap);
      }
      .lists {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
        gap: var(--rw-gap);
      }
      section {
        display: grid;
        gap: 6px;
        align-content: start;
      }
      h3 {
        margin: 0;
        font-size: 0.9rem;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: end;
      }
      p {
        margin: 0;
        font-size: 0.8rem;
      }
    `,
  ];

  @property({ attribute: false }) project?: ProjectRecord;
  @property({ attribute: false }) assets: readonly AssetRecord[] = [];
  @property({ attribute: false }) jobs: readonly JobRecord[] = [];
  @property({ attribute: false }) urls: (blobId: string | undefined) => string | undefined = () => undefined;

  override render() {
    if (!this.project) return nothing;
    return html`<div class="lists">${this.renderList('cast')} ${this.renderList('sets')}</div>`;
  }

  private renderList(kind: CastKind) {
    const project = this.project!;
    const members = project[kind] ?? [];
    const images = this.assets.filter((a) => a.kind === 'image');
    const { title, one, hint } = TITLES[kind];
    return html`<section aria-labelledby="${kind}-h">
      <h3 id="${kind}-h">${title} (${members.length})</h3>
      <p class="muted">${hint}</p>
      ${repeat(
        members,
        (m) => m.id,
        (m) =>
          html`<rw-cast-member
            role="group"
            aria-label="${one[0]!.toUpperCase()}${one.slice(1)} ${m.name}"
            .member=${m}
            kind=${kind}
            projectId=${project.id}
            .images=${images}
            .sheets=${sheetCandidates(m, this.jobs, this.assets)}
            .urls=${this.urls}
          ></rw-cast-member>`,
      )}
      <form aria-label="Add a ${one}" @submit=${(e: SubmitEvent) => this.add(e, kind)}>
        <label>New ${one} name <input name="name" required autocomplete="off" /></label>
        <label>New ${one} description <input name="description" autocomplete="off" /></label>
        <button type="submit">Add ${one}</button>
      </form>
    </section>`;
  }

  private add(event: SubmitEvent, kind: CastKind): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    if (!name) return;
    this.dispatchEvent(
      new CastAddEvent({
        projectId: this.project!.id,
        kind,
        name,
        description: String(data.get('description') ?? ''),
      }),
    );
    form.reset();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-cast-panel': RwCastPanel;
  }
}
