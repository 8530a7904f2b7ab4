import { html, nothing } from 'lit';
import { IMPORTED_CONNECTION_NOTE } from '../../state/submit-guard.ts';
import type { Connection } from '../../types.ts';
import { hostOf } from './connection-save.ts';
import { falHelp } from './fal-help.ts';

/**
 * Parts of the connection form (`<rw-connection-form>`): they render inside its `<form>`, so their inputs
 * are read back by name with the rest of it.
 */

/** What the connection is, at the top of its form: imported and held, the Sora 2 contract, fal, local. */
export const connectionNotes = (c: Connection) => html`
  ${
    c.imported
      ? html`<p class="note problem imported">
          This connection was ${IMPORTED_CONNECTION_NOTE} (${hostOf(c.baseUrl) || 'no host'}). No job runs on
          it until you save it here.
        </p>`
      : nothing
  }
  ${
    c.kind === 'openai'
      ? html`<p class="note retired">
          OpenAI retired its own Sora 2 API on 24 September 2026. This connection speaks the same Sora 2
          (OpenAI Videos) contract to compatible endpoints: gateways such as LiteLLM or new-api, relays, and
          Azure OpenAI v1.
        </p>`
      : nothing
  }
  ${c.kind === 'fal' ? falHelp() : nothing}
  ${
    c.kind === 'local'
      ? html`<p class="note">Renders placeholder clips on this device. No key, works offline, not AI.</p>`
      : nothing
  }
`;

/** A Sora 2 endpoint's own settings: auth header, organization/project, models, sizes, durations. */
export const openAiFields = (c: Connection) => html`
  <label
    >Authentication
    <select name="authStyle" .value=${c.authStyle ?? 'bearer'}>
      <option value="bearer">Authorization: Bearer (OpenAI, gateways)</option>
      <option value="api-key">api-key header (Azure OpenAI)</option>
    </select>
  </label>
  <label>Organization (optional) <input name="organization" .value=${c.organization ?? ''} /></label>
  <label>Project (optional) <input name="project" .value=${c.project ?? ''} /></label>
  <label
    >Model ids (comma-separated; empty for sora-2, sora-2-pro)
    <input name="models" .value=${(c.models ?? []).join(', ')} placeholder="sora-2, sora-2-pro" />
  </label>
  <label
    >Sizes this endpoint accepts (comma-separated; empty for the model's own)
    <input name="sizes" .value=${(c.sizes ?? []).join(', ')} placeholder="720x1280, 1280x720" />
  </label>
  <label
    >Durations in seconds (comma-separated; empty for the model's own)
    <input name="durations" .value=${(c.durations ?? []).join(', ')} placeholder="4, 8, 12" />
  </label>
  <label
    ><input name="sizeAsAspect" type="checkbox" .checked=${c.sizeFormat === 'aspect'} /> Send the size as an
    aspect ratio ("9:16") instead of pixels ("720x1280")</label
  >
`;
