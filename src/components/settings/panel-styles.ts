import { css } from 'lit';

/** Layout shared by the Backup, Storage and Key lock panels of the settings dialog. */
export const panelStyles = css`
  :host {
    display: grid;
    gap: 16px;
  }
  section {
    display: grid;
    gap: 8px;
  }
  h3 {
    margin: 0;
    font-size: 0.95rem;
  }
  label {
    display: grid;
    gap: 4px;
    font-size: 0.85rem;
  }
  label.inline {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .row {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
    align-items: center;
  }
  .note {
    margin: 0;
    font-size: 0.8rem;
    color: var(--rw-text-muted);
  }
  .message[data-tone='error'] {
    color: var(--rw-danger);
  }
  .message[data-tone='success'] {
    color: var(--rw-success);
  }
  progress {
    width: 100%;
  }
`;
