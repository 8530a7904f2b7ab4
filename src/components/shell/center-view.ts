import { html } from 'lit';
import type { CenterView } from '../../state/app-state.ts';
import type { LazyViews } from './lazy-views.ts';

/**
 * The shell's centre pane: the viewer, or one of the views the header's navigation switches to. The library
 * and episodes load on first use (the service worker precaches them, so this works offline too).
 */
export function centerView(view: CenterView, hidden: boolean, views: LazyViews) {
  switch (view) {
    case 'library':
      views.load('The clip library', import('../library/clip-library.ts'));
      return html`<rw-clip-library
        class="center"
        id="pane-viewer"
        role="main"
        aria-label="Clip library"
        ?data-hidden=${hidden}
      ></rw-clip-library>`;
    case 'episodes':
      views.load('Episodes', import('../episodes/episode-board.ts'));
      return html`<rw-episode-board
        class="center"
        id="pane-viewer"
        role="main"
        aria-label="Episodes"
        ?data-hidden=${hidden}
      ></rw-episode-board>`;
    default:
      return html`<rw-video-viewer
        class="center"
        id="pane-viewer"
        role="main"
        aria-label="Video viewer"
        ?data-hidden=${hidden}
      ></rw-video-viewer>`;
  }
}
