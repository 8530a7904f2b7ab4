import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { BudgetChangeEvent } from '../../events.ts';
import {
  parseCap,
  titledProjectLines,
  type Budget,
  type SpendLine,
  type SpendSummary,
} from '../../state/spend.ts';
import type { ProjectRecord } from '../../types.ts';
import { formatCost } from '../format.ts';
import { controlStyles, inlineFormStyles } from '../ui/shared-styles.ts';
import './project-budgets.ts';

/** Spend per day, provider and project, and the daily budget cap that blocks submits over it. */
@customElement('rw-spend-panel')
export class RwSpendPanel extends LitElement {
  static override styles = [
    controlStyles,
    inlineFormStyles,
    css`
      :host {
        display: grid;
        gap: var(--rw-gap);
        grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
        align-items: start;
      }
      section {
        background: var(--rw-surface);
        border: 1px solid var(--rw-border);
        border-radius: var(--rw-radius);
        padding: var(--rw-gap);
      }
      h3 {
        margin: 0 0 8px;
        font-size: 0.9rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.85rem;
      }
      th,
      td {
        text-align: left;
        padding: 2px 4px;
      }
      td:last-child,
      th:last-child {
        text-align: right;
      }
      .big {
        font-size: 1.4rem;
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) summary: SpendSummary = {
    total: 0,
    byDay: [],
    byProvider: [],
    byProject: [],
  };
  @property({ type: Number }) today = 0;
  @property({ attribute: false }) budget: Budget = {};
  @property({ attribute: false }) projects: readonly ProjectRecord[] = [];
  @state() private error = '';

  override render() {
    const cap = this.budget.dailyCap;
    return html`
      <section aria-labelledby="budget-heading">
        <h3 id="budget-heading">Today</h3>
        <p class="big" data-testid="today-spend">${formatCost(this.today)}</p>
        <p>${cap ? `of your ${formatCost(cap)} daily budget` : 'No daily budget set.'}</p>
        <form @submit=${this.onSubmit} aria-label="Daily budget">
          <label
            >Daily budget (USD, empty for none)
            <input
              name="cap"
              inputmode="decimal"
              .value=${cap ? String(cap) : ''}
              aria-describedby="cap-help"
            />
          </label>
          <button type="submit">Save budget</button>
        </form>
        <p id="cap-help" class="muted">
          Generating stops before a request would exceed it; you can still override.
        </p>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      </section>
      ${this.table('By day', 'Day', this.summary.byDay.slice(0, 31))}
      ${this.table('By provider', 'Provider', this.summary.byProvider)}
      ${this.table('By project', 'Project', titledProjectLines(this.summary.byProject, this.projects))}
      <section aria-labelledby="project-budgets-heading">
        <h3 id="project-budgets-heading">Project budgets</h3>
        <rw-project-budgets
          .projects=${this.projects}
          .lines=${this.summary.byProject}
          .budget=${this.budget}
        ></rw-project-budgets>
      </section>
    `;
  }

  private table(title: string, column: string, lines: readonly SpendLine[]) {
    return html`<section>
      <h3>${title}</h3>
      ${
        lines.length
          ? html`<table aria-label="Spend ${title.toLowerCase()}">
              <thead>
                <tr>
                  <th scope="col">${column}</th>
                  <th scope="col">Jobs</th>
                  <th scope="col">Spent</th>
                </tr>
              </thead>
              <tbody>
                ${lines.map(
                  (l) =>
                    html`<tr>
                      <td>${l.key}</td>
                      <td>${l.jobs}</td>
                      <td>${formatCost(l.total)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">Nothing spent yet.</p>`
      }
    </section>`;
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('cap') as HTMLInputElement;
    const parsed = parseCap(input.value);
    if (!parsed.ok) {
      this.error = parsed.message;
      return;
    }
    this.error = '';
    this.dispatchEvent(new BudgetChangeEvent({ dailyCap: parsed.cap }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rw-spend-panel': RwSpendPanel;
  }
}
