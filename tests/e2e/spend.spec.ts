import { expect, test, type Page } from '@playwright/test';
import { openApp, PromptBarPane } from './support/app.ts';
import { EpisodesPane, readStore } from './support/episodes.ts';
import { localDay, seed } from './support/library-seed.ts';

const library = (page: Page) => page.getByRole('main', { name: 'Clip library' });

async function openSpend(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click();
  await library(page).getByRole('tab', { name: 'Spend' }).click();
}

/** An OpenAI connection that nothing answers on: budget checks happen before anything is sent. */
const paidConnection = {
  id: 'oa-test',
  kind: 'openai',
  label: 'OpenAI (test)',
  baseUrl: 'http://127.0.0.1:9/v1',
  apiKey: 'sk-test-not-real',
  authStyle: 'bearer',
  concurrency: 1,
};

test.describe('spend and budget', () => {
  test('spend is summarised per day, provider and project, with today against the cap', async ({ page }) => {
    await openApp(page);
    const now = Date.now();
    const yesterday = now - 86_400_000;
    await seed(page, {
      spend: [
        {
          jobId: 'j1',
          providerKind: 'openai',
          model: 'sora-2',
          estimated: 0.4,
          day: localDay(now),
          created: now,
        },
        {
          jobId: 'j2',
          providerKind: 'fal',
          model: 'veo-3.1',
          estimated: 3.2,
          final: 3,
          day: localDay(now),
          created: now,
        },
        {
          jobId: 'j3',
          providerKind: 'openai',
          model: 'sora-2',
          estimated: 1.2,
          day: localDay(yesterday),
          created: yesterday,
        },
      ],
      settings: { budget: { dailyCap: 5 } },
    });
    await page.reload();
    await openSpend(page);
    await expect(library(page).getByRole('status').filter({ hasText: 'Today:' })).toHaveText(
      'Today: $3.40 of $5.00 daily budget',
    );
    const byDay = library(page).getByRole('table', { name: 'Spend by day' });
    await expect(byDay.getByRole('row', { name: new RegExp(localDay(now)) })).toContainText('$3.40');
    await expect(byDay.getByRole('row', { name: new RegExp(localDay(yesterday)) })).toContainText('$1.20');
    const byProvider = library(page).getByRole('table', { name: 'Spend by provider' });
    await expect(byProvider.getByRole('row', { name: /fal/ })).toContainText('$3.00');
    await expect(byProvider.getByRole('row', { name: /openai/ })).toContainText('$1.60');
    await expect(library(page).getByRole('table', { name: 'Spend by project' })).toContainText('No project');

    // A bad amount is refused and changes nothing.
    const cap = library(page).getByRole('textbox', { name: /Daily budget/ });
    await cap.fill('ten dollars');
    await library(page).getByRole('button', { name: 'Save budget' }).click();
    await expect(library(page).getByRole('alert')).toContainText('is not an amount of dollars');
    await cap.fill('8');
    await library(page).getByRole('button', { name: 'Save budget' }).click();
    await expect(library(page).getByText('Today: $3.40 of $8.00 daily budget')).toBeVisible();
    await page.reload();
    await openSpend(page);
    await expect(library(page).getByText('Today: $3.40 of $8.00 daily budget')).toBeVisible();
  });

  test('a submit over the daily cap is blocked with a clear message, and "Generate anyway" sends it', async ({
    page,
  }) => {
    await openApp(page);
    const now = Date.now();
    await seed(page, {
      settings: { connections: [paidConnection], budget: { dailyCap: 1 } },
      spend: [
        {
          jobId: 'earlier',
          providerKind: 'openai',
          model: 'sora-2',
          estimated: 0.8,
          day: localDay(now),
          created: now,
        },
      ],
    });
    await page.reload();
    const bar = new PromptBarPane(page);
    const field = (name: string) => bar.root.getByRole('combobox', { name, exact: true });
    await field('Provider').selectOption('oa-test');
    await field('Model').selectOption('sora-2');
    await field('Duration').selectOption('4');
    await expect(bar.root.getByLabel('Estimated cost')).toHaveText('$0.40');
    await bar.prompt.fill('Budget check: a lantern in the snow');
    await bar.root.getByRole('button', { name: 'Generate' }).click();
    const notice = page.getByText(/over your daily budget of \$1\.00/);
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('spent so far today: $0.80');
    await expect(notice).toContainText('Nothing was sent.');
    const jobs = page
      .getByRole('main', { name: 'Video viewer' })
      .getByRole('list', { name: 'Jobs' })
      .getByRole('listitem');
    await expect(jobs).toHaveCount(0);

    await page.getByRole('button', { name: 'Generate anyway' }).click();
    await expect(jobs.filter({ hasText: 'Budget check: a lantern in the snow' })).toHaveCount(1);
  });
  test('spend by project shows the series title, and a project budget set in the UI blocks a job over it', async ({
    page,
  }) => {
    await openApp(page);
    await seed(page, { settings: { connections: [paidConnection] } });
    await page.reload();
    const bar = new PromptBarPane(page);
    const field = (name: string) => bar.root.getByRole('combobox', { name, exact: true });
    await field('Provider').selectOption('oa-test');
    await field('Model').selectOption('sora-2');
    const episodes = new EpisodesPane(page);
    await episodes.open();
    await episodes.createSeries('Lantern Fair', 8);
    await episodes.split('A lantern is lit.\n---\nThe crowd looks up.');
    await expect(episodes.cards.first()).toBeVisible();
    const [segment] = await readStore(page, 'segments');
    const [project] = await readStore(page, 'projects');
    const now = Date.now();
    await seed(page, {
      spend: [
        {
          jobId: 'earlier',
          providerKind: 'openai',
          model: 'sora-2',
          estimated: 0.3,
          final: 0.25,
          day: localDay(now),
          created: now,
          segmentId: segment!.id as string,
        },
      ],
    });
    await page.reload();
    await openSpend(page);
    const byProject = library(page).getByRole('table', { name: 'Spend by project' });
    await expect(byProject.getByRole('row', { name: /Lantern Fair/ })).toContainText('$0.25');
    await expect(byProject).not.toContainText(project!.id as string);

    const cap = library(page).getByRole('textbox', { name: /Budget for Lantern Fair/ });
    await cap.fill('lots');
    await library(page).getByRole('button', { name: 'Save budget for Lantern Fair' }).click();
    await expect(library(page).getByRole('alert')).toContainText('is not an amount of dollars');
    await cap.fill('0.5');
    await library(page).getByRole('button', { name: 'Save budget for Lantern Fair' }).click();
    await expect(library(page).getByText('Lantern Fair: $0.25 spent of $0.50')).toBeVisible();
    await page.reload();
    await openSpend(page);
    await expect(library(page).getByText('Lantern Fair: $0.25 spent of $0.50')).toBeVisible();

    await episodes.open();
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.dismiss();
      }),
    );
    await episodes.root.getByRole('button', { name: /^Generate all/ }).click();
    expect(await asked).toMatch(/over its budget of \$0\.50/);
    await expect(episodes.card(1).getByRole('status')).toHaveText('Not generated');
    const jobs = page
      .getByRole('main', { name: 'Video viewer' })
      .getByRole('list', { name: 'Jobs' })
      .getByRole('listitem');
    await expect(jobs).toHaveCount(0);
  });
});
