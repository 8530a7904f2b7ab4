import type { CenterView } from '../../state/app-state.ts';

/** One shortcut: the keys (each a `<kbd>`, alternatives joined by "or") and what it does. */
export interface Shortcut {
  readonly keys: readonly string[];
  readonly action: string;
}

export interface ShortcutGroup {
  readonly title: string;
  /** Where the keys work (a focused control, a pane). */
  readonly where?: string;
  readonly shortcuts: readonly Shortcut[];
}

const MOD = 'Ctrl/⌘';

const EVERYWHERE: ShortcutGroup = {
  title: 'Everywhere',
  shortcuts: [
    { keys: ['?'], action: 'Show the keyboard shortcuts of this view' },
    { keys: ['Esc'], action: 'Close a dialog or the prompt history' },
  ],
};

const PROMPT: ShortcutGroup = {
  title: 'Prompt bar',
  where: 'in the prompt',
  shortcuts: [{ keys: [`${MOD}+Enter`], action: 'Generate' }],
};

const ASSETS: ShortcutGroup = {
  title: 'Assets',
  shortcuts: [
    { keys: [`${MOD}+V`], action: 'Paste an image into the asset library' },
    { keys: ['←', '→', '↑', '↓'], action: 'Move between asset cards' },
    { keys: ['Home', 'End'], action: 'First or last asset' },
  ],
};

const PLAYER: ShortcutGroup = {
  title: 'Player',
  where: 'with the player focused',
  shortcuts: [
    { keys: ['Space', 'K'], action: 'Play or pause' },
    { keys: ['J', 'L'], action: 'Back or forward one second' },
    { keys: ['←', '→'], action: 'One frame back or forward (pauses)' },
    { keys: ['F'], action: 'Full screen' },
    { keys: ['M'], action: 'Mute or unmute' },
    { keys: ['D'], action: 'Download the clip' },
  ],
};

const LIBRARY: ShortcutGroup = {
  title: 'Clip list',
  where: 'in the library list',
  shortcuts: [
    { keys: ['↑', '↓', '←', '→'], action: 'Move and select' },
    { keys: ['Page Up', 'Page Down', 'Home', 'End'], action: 'Jump a page, or to the first or last clip' },
    { keys: ['Shift+arrow'], action: 'Extend the selection' },
    { keys: [`${MOD}+arrow`], action: 'Move without changing the selection' },
    { keys: ['Space'], action: 'Add or remove the clip from the selection' },
    { keys: ['Enter'], action: 'Open the clip' },
    { keys: [`${MOD}+A`], action: 'Select every clip shown' },
  ],
};

const STORYBOARD: ShortcutGroup = {
  title: 'Storyboard',
  where: 'on a segment card',
  shortcuts: [
    { keys: ['Alt+↑', 'Alt+←'], action: 'Move the segment earlier' },
    { keys: ['Alt+↓', 'Alt+→'], action: 'Move the segment later' },
    { keys: ['Enter', 'Space'], action: 'Open the segment in the editor' },
  ],
};

/** Every shortcut that works in a view, the view's own first. */
export const SHORTCUTS: Readonly<Record<CenterView, readonly ShortcutGroup[]>> = {
  viewer: [PLAYER, PROMPT, ASSETS, EVERYWHERE],
  library: [LIBRARY, PROMPT, ASSETS, EVERYWHERE],
  episodes: [STORYBOARD, PROMPT, ASSETS, EVERYWHERE],
} as const;

export const VIEW_NAMES: Readonly<Record<CenterView, string>> = {
  viewer: 'Studio',
  library: 'Library',
  episodes: 'Episodes',
} as const;
