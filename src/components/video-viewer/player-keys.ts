/** What the player's keyboard shortcuts act on. */
export interface PlayerActions {
  readonly video?: HTMLVideoElement;
  readonly fps: number;
  toggle(): void;
  seek(time: number): void;
  fullscreen(): void;
  download(): void;
  toggleMute(): void;
}

/** Read by screen readers from the player frame (aria-describedby); keep in step with `playerKey`. */
export const KEYS_HELP =
  'Space or K play/pause, J and L back/forward 1 s, arrows one frame, F fullscreen, D download, M mute';

/**
 * The player's keyboard shortcuts: Space/K, J/L, arrows (one frame, pausing), F, D, M. Space and Enter on a
 * button or select keep their own meaning, and so do arrows in the speed menu.
 */
export function playerKey(event: KeyboardEvent, player: PlayerActions): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.composedPath()[0] as HTMLElement;
  const onControl = target instanceof HTMLButtonElement || target instanceof HTMLSelectElement;
  const v = player.video;
  if (!v) return;
  const frame = 1 / (player.fps || 30);
  const actions: Record<string, () => void> = {
    ' ': () => player.toggle(),
    k: () => player.toggle(),
    j: () => player.seek(v.currentTime - 1),
    l: () => player.seek(v.currentTime + 1),
    ArrowLeft: () => (v.pause(), player.seek(v.currentTime - frame)),
    ArrowRight: () => (v.pause(), player.seek(v.currentTime + frame)),
    f: () => player.fullscreen(),
    d: () => player.download(),
    m: () => player.toggleMute(),
  };
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const action = actions[key];
  if (!action || (onControl && (key === ' ' || key === 'Enter'))) return;
  if (target instanceof HTMLSelectElement && key.startsWith('Arrow')) return;
  event.preventDefault();
  action();
}
