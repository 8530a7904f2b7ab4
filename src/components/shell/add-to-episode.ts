import { ClipsAddToEpisodeEvent } from '../../events.ts';

/**
 * Re-announces clips offered to an episode from a pane (library, viewer): the episodes view takes them by
 * calling preventDefault(); if nobody does, `nobody` says so.
 */
export function reannounceAddToEpisode(
  pane: HTMLElement,
  event: ClipsAddToEpisodeEvent,
  nobody: (message: string) => void,
): void {
  if (event.composedPath()[0] === pane) return;
  event.stopPropagation();
  const ask = new ClipsAddToEpisodeEvent(event.detail);
  pane.dispatchEvent(ask);
  if (!ask.defaultPrevented) nobody('There is no episode to add clips to yet. Create an episode first.');
}
