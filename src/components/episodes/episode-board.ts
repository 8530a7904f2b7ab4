import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { SegmentAddEvent } from '../../events.ts';
import { castOf } from '../../state/cast.ts';
import { castChips, segmentCastView, segmentFirstFrame } from '../../state/cast-view.ts';
import { segmentStatus } from '../../state/episodes.ts';
import { fileStem } from '../../state/episode-export.ts';
import { StoreController } from '../store-controller.ts';
import type { EpisodeRecord, SegmentRecord } from '../../types.ts';
import { controlStyles } from '../ui/shared-styles.ts';
import { wireBoardEvents } from './board-events.ts';
import '../cast/cast-panel.ts';
import './episode-toolbar.ts';
import { ExportFilesController } from './export-files.ts';
import './script-splitter.ts';
import './segment-card.ts';
import './segment-editor.ts';
import './render-settings.ts';
import './stitch-panel.ts';
import './takes-banner.ts';

/** The Episodes pane: series and episode settings, script splitting, the storyboard, one segment's editor, stitching. */
/** Where the last export carries its captions: a render writes a subtitle track unless they are burned in. */
const captionsIn = (info: EpisodeRecord['exportInfo']): 'file' | 'track' | 'picture' =>
  !info || info.path === 'lossless' ? 'file' : info.captionsBurned ? 'picture' : 'track';

@customElement('rw-episode-board')
export class RwEpisodeBoard extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: var(--rw-gap);
        padding: var(--rw-gap);
        overflow: auto;
        align-content: start;
      }
      .work {
        display: grid;
        grid-template-columns: minmax(220px, 320px) minmax(0, 1fr);
        gap: var(--rw-gap);
      }
      @media (max-width: 1000px) {
        .work {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
        align-content: start;
      }
      h2 {
        font-size: 0.95rem;
        margin: 0 0 6px;
      }
      section {
        background: var(--rw-surface);
        border-radius: var(--rw-radius);
        padding: var(--rw-gap);
      }
    `,
  ];

  private readonly app = new StoreController(this);
  private readonly files = new ExportFilesController(this, () => this.app.store);
  @state() private selectedId?: string;

  constructor() {
    super();
    wireBoardEvents(this);
  }

  get store() {
    return this.app.store;
  }

  select(id: string | undefined): void {
    this.selectedId = id;
  }

  async focusCard(index: number): Promise<void> {
    await this.updateComplete;
    this.shadowRoot?.querySelectorAll('rw-segment-card')[index]?.focusCard();
  }

  private get segments(): readonly SegmentRecord[] {
    return this.app.state?.segments ?? [];
  }

  override render() {
    const state = this.app.state;
    const store = this.app.store;
    if (!state || !store) return nothing;
    const actions = store.episodes;
    const episode = actions.episode;
    const connection = episode && store.connections.get(episode.connectionId);
    const models = connection
      ? store.catalog.modelsFor(connection)
      : store.catalog.modelsFor(state.connections[0]!);
    const pending = actions.pendingSegments();
    return html`
      <rw-episode-toolbar
        .projects=${state.projects}
        .episodes=${state.episodes}
        .episode=${episode}
        .models=${models}
        .connections=${state.connections}
        .audio=${state.assets.filter((a) => a.kind === 'audio')}
        .totalSeconds=${this.segments.reduce((sum, s) => sum + s.seconds, 0)}
        .pendingCount=${pending.length}
        .pendingCost=${episode ? actions.estimate(episode, pending) : 0}
      ></rw-episode-toolbar>
      ${state.pendingTakes ? html`<rw-takes-banner .count=${state.pendingTakes.length} .segments=${this.segments}></rw-takes-banner>` : nothing}
      ${episode ? this.renderEpisode(episode) : html`<p class="muted">Create a series (it starts with Episode 1) or choose an episode.</p>`}
    `;
  }

  private renderEpisode(episode: EpisodeRecord) {
    const store = this.app.store!;
    const state = store.state;
    const model = store.episodes.modelFor(episode);
    const segments = this.segments;
    const project = state.projects.find((p) => p.id === episode.projectId);
    const selected = segments.find((s) => s.id === this.selectedId) ?? segments[0];
    const take = (id: string | undefined) => state.videos.find((v) => v.id === id);
    const exported = take(episode.exportVideoId);
    const music = state.assets.find((a) => a.id === episode.musicAssetId);
    const musicUrl = music && store.urls.get(music.blobId);
    const stem = fileStem(episode.title);
    const plan = state.exportPlan?.episodeId === episode.id ? state.exportPlan : undefined;
    const running =
      state.stitch?.episodeId === episode.id &&
      ['reading', 'stitching', 'rendering', 'saving'].includes(state.stitch.phase);
    this.files.update(episode);
    return html`
      <section aria-labelledby="script-h">
        <h2 id="script-h">Script</h2>
        <rw-script-splitter
          .episodeId=${episode.id}
          .script=${episode.script}
          .targetSeconds=${episode.targetSeconds}
          .durations=${model?.durations ?? []}
          .segmentsWithTakes=${segments.filter((s) => s.takeIds.length).length}
        ></rw-script-splitter>
      </section>
      <section aria-label="Cast and sets">
        <details>
          <summary>
            Cast and sets (${project?.cast?.length ?? 0} characters, ${project?.sets?.length ?? 0} sets)
          </summary>
          <rw-cast-panel
            .project=${project}
            .assets=${state.assets}
            .jobs=${state.jobs}
            .urls=${(id: string | undefined) => store.urls.get(id)}
          ></rw-cast-panel>
        </details>
      </section>
      <div class="work">
        <section aria-labelledby="board-h">
          <h2 id="board-h">Storyboard (${segments.length})</h2>
          <ol aria-label="Storyboard">
            ${repeat(
              segments,
              (s) => s.id,
              (s, i) =>
                html`<li>
                  <rw-segment-card
                    .segment=${s}
                    .index=${i}
                    .count=${segments.length}
                    .status=${segmentStatus(s, state.jobs)}
                    .thumb=${store.urls.get(take(s.approvedTakeId ?? s.takeIds.at(-1))?.thumbId)}
                    ?selected=${s.id === selected?.id}
                    .cast=${castChips(s, project)}
                  ></rw-segment-card>
                </li>`,
            )}
          </ol>
          <button @click=${() => this.dispatchEvent(new SegmentAddEvent({}))}>Add segment</button>
        </section>
        <section aria-label="Segment editor">
          ${
            selected
              ? html`<rw-segment-editor
                  .segment=${selected}
                  .index=${segments.indexOf(selected)}
                  .status=${segmentStatus(selected, state.jobs)}
                  .durations=${model?.durations ?? []}
                  .sizes=${model?.sizes.map((s) => s.size) ?? []}
                  .episodeSize=${episode.size}
                  .images=${state.assets.filter((a) => a.kind === 'image')}
                  .takes=${selected.takeIds.map(take).filter((v) => !!v)}
                  .urls=${(id: string | undefined) => store.urls.get(id)}
                  .cost=${store.episodes.estimate(episode, [selected])}
                  .cast=${castOf(project)}
                  .dialogue=${store.voices.view(selected)}
                  .lineUrls=${(id: string) => store.urls.get(store.voices.asset(id)?.blobId)}
                  .castView=${segmentCastView(selected, project, model, segmentFirstFrame(selected, segments.indexOf(selected)))}
                  .model=${model}
                ></rw-segment-editor>`
              : html`<p class="muted">Split a script or add a segment.</p>`
          }
        </section>
      </div>
      <section aria-label="Stitch and export">
        <h2>Stitch and export</h2>
        <rw-render-settings
          episodeId=${episode.id}
          .raw=${episode.render ?? {}}
          .settings=${plan?.settings}
          .sizes=${plan?.sizes ?? []}
          ?captions=${episode.captions}
          ?autoApprove=${!!episode.autoApprove}
          ?renderable=${store.episodes.renderer.available}
          ?disabled=${running}
        ></rw-render-settings>
        <rw-stitch-panel
          .plan=${plan?.plan}
          ?planChecking=${!!plan?.checking}
          planError=${plan?.error ?? ''}
          ?musicMixed=${!!episode.exportInfo?.musicMixed}
          captionsIn=${captionsIn(episode.exportInfo)}
          .stitch=${state.stitch?.episodeId === episode.id ? state.stitch : undefined}
          .episodeTitle=${episode.title}
          .approved=${segments.filter((s) => s.approvedTakeId).length}
          .total=${segments.length}
          .staleTitles=${segments.filter((s) => s.stale || s.edited).map((s) => s.title)}
          .videoId=${exported?.id}
          .video=${exported && store.urls.get(exported.blobId) ? { url: store.urls.get(exported.blobId)!, name: `${stem}.mp4` } : undefined}
          .captions=${this.files.captions}
          .bundle=${this.files.bundle}
          .exporting=${this.files.status}
          .music=${music && musicUrl ? { url: musicUrl, name: music.name, level: episode.musicLevel } : undefined}
        ></rw-stitch-panel>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-episode-board': RwEpisodeBoard;
  }
}
