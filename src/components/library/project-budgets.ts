import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ProjectBudgetChangeEvent } from '../../events.ts';
import { parseCap, type Budget, type SpendLine } from '../../state/spend.ts';
import type { ProjectRecord } from '../../types.ts';
import { formatCost } from '../format.ts';
import { controlStyles, inlineFormStyles } from '../ui/shared-styles.ts';

/** Each project's spend so far and its budget: generating for it stops before a request would exceed it. */
@customElement('rw-project-budgets')
export class RwProjectBudgets extends LitElement {
  static override styles = [
    controlStyles,
    inlineFormStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
      }
      input {
        width: 7em;
      }
    `,
  ];

  @property({ attribute: false }) projects: readonly ProjectRecord[] = [];
  /** Spend by project, keyed by project id. */
  @property({ attribute: false }) lines: readonly SpendLine[] = [];
  @property({ attribute: false }) budget: Budget = {};

  /** A refused amount, by project id. */
  @state() private errors: Readonly<Record<string, string>> = {};

  override render() {
    if (!this.projects.length) return html`<p class="muted">No projects yet.</p>`;
    return html`${this.projects.map((project) => {
      const cap = this.budget.projectCaps?.[project.id];
      const spent = this.lines.find((l) => l.key === project.id)?.total ?? 0;
      const error = this.errors[project.id];
      return html`<form
        aria-label="Budget for ${project.title}"
        @submit=${(e: Event) => this.onSubmit(e, project.id)}
      >
        <label
          >${project.title}: ${formatCost(spent)} spent${cap ? ` of ${formatCost(cap)}` : ''}
          <input
            name="cap"
            inputmode="decimal"
            aria-label="Budget for ${project.title} (USD, empty for none)"
            .value=${cap ? String(cap) : ''}
          />
        </label>
        <button type="submit" aria-label="Save budget for ${project.title}">Save</button>
        ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      </form>`;
    })}`;
  }

  private onSubmit(event: Event, projectId: string): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('cap') as HTMLInputElement;
    const parsed = parseCap(input.value);
    this.errors = { ...this.errors, [projectId]: parsed.ok ? '' : parsed.message };
    if (parsed.ok) this.dispatchEvent(new ProjectBudgetChangeEvent({ projectId, cap: parsed.cap }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-project-budgets': RwProjectBudgets;
  }
}
