import { css } from 'lit';

/** Buttons, fields and helpers every element shares; themed only through --rw-* properties. */
export const controlStyles = css`
  button,
  .button {
    font: inherit;
    font-size: 0.9rem;
    color: var(--rw-text);
    background: var(--rw-surface-2);
    border: 1px solid var(--rw-border);
    border-radius: var(--rw-radius-small);
    padding: 6px 12px;
    cursor: pointer;
    /* --rw-touch-target is 44px on coarse pointers (styles/theme.css). */
    min-height: max(32px, var(--rw-touch-target, 0px));
  }
  button:hover:not(:disabled) {
    border-color: var(--rw-accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  button.primary {
    background: var(--rw-accent);
    color: var(--rw-accent-text);
    border-color: var(--rw-accent);
    font-weight: 600;
  }
  button.danger {
    color: var(--rw-danger);
  }
  button.icon {
    padding: 4px 8px;
    min-width: max(32px, var(--rw-touch-target, 0px));
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 0.9rem;
    color: var(--rw-text);
    background: var(--rw-surface);
    border: 1px solid var(--rw-border);
    border-radius: var(--rw-radius-small);
    padding: 6px 8px;
    min-height: max(32px, var(--rw-touch-target, 0px));
    box-sizing: border-box;
  }
  button.link {
    background: none;
    border: none;
    padding: 0;
    min-height: 0;
    color: var(--rw-accent);
    text-decoration: underline;
  }
  :focus-visible {
    outline: 2px solid var(--rw-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .muted {
    color: var(--rw-text-muted);
  }
`;
