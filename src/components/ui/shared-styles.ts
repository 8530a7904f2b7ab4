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

/** A small label stacked over its control: the label text on top, the input, select or textarea below. */
export const stackedLabelStyles = css`
  label {
    display: grid;
    gap: 2px;
    font-size: 0.8rem;
  }
`;

/** A row of controls (`.row`) that wraps onto more lines, centred on one another. */
export const wrapRowStyles = css`
  .row {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
    align-items: center;
  }
`;

/** A row of labelled fields that wraps, labels stacked over their input, and the refusal line below. */
export const inlineFormStyles = css`
  form {
    display: flex;
    gap: 6px;
    align-items: end;
    flex-wrap: wrap;
  }
  ${stackedLabelStyles}
  .error {
    color: var(--rw-danger);
    font-size: 0.8rem;
  }
`;

/**
 * The modal dialog shell: the framed `<dialog>` (640px wide unless the element says otherwise), its
 * backdrop, and the title bar (`.dialog-head`: the heading and a Close button).
 */
export const dialogStyles = css`
  dialog {
    width: min(640px, 96vw);
    max-height: 90vh;
    border: 1px solid var(--rw-border);
    border-radius: var(--rw-radius);
    background: var(--rw-surface);
    color: var(--rw-text);
    padding: 0;
  }
  dialog::backdrop {
    background: var(--rw-overlay);
  }
  .dialog-head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--rw-gap);
    padding: 10px 16px;
    border-bottom: 1px solid var(--rw-border);
  }
  .dialog-head h2 {
    margin: 0;
    font-size: 1rem;
  }
`;

/** A small muted label stacked over its control (`.field`), and a muted side note (`.note`). */
export const fieldStyles = css`
  .field {
    display: grid;
    gap: 2px;
    font-size: 0.75rem;
    color: var(--rw-text-muted);
  }
  .note {
    font-size: 0.75rem;
    color: var(--rw-text-muted);
  }
`;

/** A bordered group of small controls that wraps, each label stacked over its control. */
export const fieldsetStyles = css`
  fieldset {
    border: 1px solid var(--rw-border);
    border-radius: var(--rw-radius-small);
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: end;
    margin: 0;
  }
  ${stackedLabelStyles}
  input[type='number'] {
    width: 5em;
  }
`;

/** A wrapping grid of take cards (`ul.takes`), one of which may be the approved one (`li[data-approved]`). */
export const takeListStyles = css`
  ul.takes {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(110px, 1fr));
    gap: 8px;
    list-style: none;
    padding: 0;
    margin: 0;
  }
  ul.takes > li {
    display: grid;
    gap: 4px;
    padding: 4px;
    border: 1px solid var(--rw-border);
    border-radius: var(--rw-radius-small);
  }
  ul.takes > li[data-approved] {
    border-color: var(--rw-accent);
  }
`;
