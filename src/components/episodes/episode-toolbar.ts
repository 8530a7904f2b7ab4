import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  EpisodeChangeEvent,
  EpisodeCreateEvent,
  EpisodeDeleteEvent,
  EpisodeGenerateEvent,
  EpisodeHandoffEvent,
  EpisodeOpenEvent,
  ProjectCreateEvent,
  ProjectDeleteEvent,
} from '../../events.ts';
import type { EpisodeSettings } from '../../state/episodes.ts';
import type { AssetRecord, Connection, EpisodeRecord, ModelSpec, ProjectRecord, Size } from '../../types.ts';
import { formatCost } from '../format.ts';
import { controlStyles, stackedLabelStyles } from '../ui/shared-styles.ts';

/** Series and episode pickers, the episode's settings, and Generate all with its estimated cost. */
@customElement('rw-episode-toolbar')
export class RwEpisodeToolbar extends LitElement {
  static override styles = [
    controlStyles,
    stackedLabelStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
      }
      .row {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: end;
      }
      input[type='number'] {
        width: 6em;
      }
      .total {
        font-size: 0.85rem;
      }
    `,
  ];

  @property({ attribute: false }) projects: readonly ProjectRecord[] = [];
  @property({ attribute: false }) episodes: readonly EpisodeRecord[] = [];
  @property({ attribute: false }) episode?: EpisodeRecord;
  @property({ attribute: false }) models: readonly ModelSpec[] = [];
  /** Providers an episode can switch to (its model then becomes one that provider offers). */
  @property({ attribute: false }) connections: readonly Connection[] = [];
  @property({ attribute: false }) audio: readonly AssetRecord[] = [];
  /** Seconds of all segments. */
  @property({ type: Number }) totalSeconds = 0;
  /** Segments Generate all would send and their estimated cost. */
  @property({ type: Number }) pendingCount = 0;
  @property({ type: Number }) pendingCost = 0;

  @state() private newTitle = '';

  override render() {
    const episode = this.episode;
    const project = this.projects.find((p) => p.id === episode?.projectId);
    const model = this.models.find((m) => m.id === episode?.model);
    return html`
      <div class="row">
        <label
          >New series
          <input
            .value=${this.newTitle}
            placeholder="Series name"
            @input=${this.onTitle}
            @keydown=${this.onTitleKey}
        /></label>
        <button @click=${this.createProject}>Create series</button>
        <label
          >Episode
          <select @change=${this.onOpen}>
            <option value="" ?selected=${!episode}>Choose an episode…</option>
            ${this.projects.map(
              (p) =>
                html`<optgroup label=${p.title}>
                  ${this.episodes
                    .filter((e) => e.projectId === p.id)
                    .map(
                      (e) =>
                        html`<option value=${e.id} ?selected=${e.id === episode?.id}>
                          ${p.title} — ${e.title}
                        </option>`,
                    )}
                </optgroup>`,
            )}
          </select>
        </label>
        ${
          project
            ? html`<button
                  @click=${() => this.dispatchEvent(new EpisodeCreateEvent({ projectId: project.id }))}
                >
                  New episode
                </button>
                <button class="danger" @click=${() => this.confirmDelete('episode')}>Delete episode</button>
                <button class="danger" @click=${() => this.confirmDelete('project')}>Delete series</button>`
            : nothing
        }
      </div>
      ${episode ? this.renderSettings(episode, model) : nothing}
    `;
  }

  private renderSettings(episode: EpisodeRecord, model: ModelSpec | undefined) {
    const set = (patch: EpisodeSettings): void => {
      this.dispatchEvent(new EpisodeChangeEvent({ id: episode.id, patch }));
    };
    const target = episode.targetSeconds;
    return html`<div class="row">
        <label
          >Episode title <input .value=${episode.title} @change=${(e: Event) => set({ title: val(e) })}
        /></label>
        <label
          >Target length (s)
          <input
            type="number"
            min="4"
            max="600"
            .value=${String(target)}
            @change=${(e: Event) => set({ targetSeconds: Number(val(e)) })}
          />
        </label>
        <label
          >Provider
          <select @change=${(e: Event) => set({ connectionId: val(e) })}>
            ${this.connections.map((c) => html`<option value=${c.id} ?selected=${c.id === episode.connectionId}>${c.label}</option>`)}
          </select>
        </label>
        <label
          >Model
          <select @change=${(e: Event) => set({ model: val(e) })}>
            ${this.models.map((m) => html`<option value=${m.id} ?selected=${m.id === episode.model}>${m.label}</option>`)}
          </select>
        </label>
        <label
          >Size (${episode.aspect})
          <select @change=${(e: Event) => set({ size: val(e) as Size })}>
            ${model?.sizes.map((s) => html`<option value=${s.size} ?selected=${s.size === episode.size}>${s.size}</option>`)}
          </select>
        </label>
        <label
          >Music bed
          <select @change=${(e: Event) => set({ musicAssetId: val(e) || undefined })}>
            <option value="" ?selected=${!episode.musicAssetId}>None</option>
            ${this.audio.map((a) => html`<option value=${a.id} ?selected=${a.id === episode.musicAssetId}>${a.name}</option>`)}
          </select>
        </label>
        <label
          >Music level ${Math.round(episode.musicLevel * 100)}%
          <input
            type="range"
            min="0"
            max="1"
            step="0.05"
            .value=${String(episode.musicLevel)}
            ?disabled=${!episode.musicAssetId}
            @change=${(e: Event) => set({ musicLevel: Number(val(e)) })}
          />
        </label>
        <label
          ><span>Captions</span>
          <input
            type="checkbox"
            .checked=${episode.captions}
            @change=${(e: Event) => set({ captions: (e.target as HTMLInputElement).checked })}
          />
        </label>
      </div>
      <div class="row">
        <span class="total" role="status">Running total: ${this.totalSeconds} s of ${target} s target</span>
        <button
          class="primary"
          ?disabled=${!this.pendingCount}
          @click=${() => this.dispatchEvent(new EpisodeGenerateEvent({}))}
        >
          Generate all (${this.pendingCount} · ${formatCost(this.pendingCost)})
        </button>
        <button
          title="One zip: FCPXML and OpenTimelineIO projects with the approved takes, music, dialogue and captions"
          @click=${() => this.dispatchEvent(new EpisodeHandoffEvent({}))}
        >
          Export for editor
        </button>
        <span class="muted"
          >Estimated total for ${this.pendingCount} segment(s): ${formatCost(this.pendingCost)}. Approved,
          current takes are kept.</span
        >
      </div>`;
  }

  private confirmDelete(what: 'episode' | 'project'): void {
    const episode = this.episode;
    if (!episode) return;
    const project = this.projects.find((p) => p.id === episode.projectId);
    const name = what === 'episode' ? episode.title : (project?.title ?? '');
    if (!confirm(`Delete “${name}”? Its segments go; the clips stay in the library.`)) return;
    if (what === 'episode') this.dispatchEvent(new EpisodeDeleteEvent({ id: episode.id }));
    else if (project) this.dispatchEvent(new ProjectDeleteEvent({ id: project.id }));
  }

  private readonly onTitle = (e: Event): void => {
    this.newTitle = val(e);
  };

  private readonly onTitleKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') this.createProject();
  };

  private readonly createProject = (): void => {
    this.dispatchEvent(new ProjectCreateEvent({ title: this.newTitle }));
    this.newTitle = '';
  };

  private readonly onOpen = (e: Event): void => {
    this.dispatchEvent(new EpisodeOpenEvent({ id: val(e) || undefined }));
  };
}

const val = (e: Event): string => (e.target as HTMLInputElement).value;

declare global {
  interface HTMLElementTagNameMap {
    'rw-episode-toolbar': RwEpisodeToolbar;
  }
}
