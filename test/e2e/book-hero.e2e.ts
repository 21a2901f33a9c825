// The README's hero pictures: the book's real 100-trial × 50-epoch run (bench/fixtures/book-6.5-100x50,
// recorded by `hparam-lab run` on examples/book-6.5) copied into the workspace's runs folder and opened
// with Open Results Panel — the findings at the top, the Best-20 grid, the scatter with its good region —
// pictured in the dark and the light theme. They replace docs/images/panel-{dark,light}.png only when
// asked (E2E_DOCS_IMAGES=1), with the Best-20 grid alone (panel-best20-*) and the Runs view (tree-*); otherwise they land in test-results/e2e/docs/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CATEGORY, command, openPanel, panelStats } from './harness/lab';
import { REPO, RESULTS } from './harness/paths';
import { openSession, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { waitFor } from './harness/wait';
import { clearNotifications, panelFrame, runCommand, screenshot, screenshotDownTo, setColorTheme, showView } from './harness/workbench';
import { recordedBookRun, writeRunFolder } from '../webview/big-run';

const DOCS = process.env.E2E_DOCS_IMAGES ? join(REPO, 'docs', 'images') : join(RESULTS, 'docs');

let session: Session;
let failed: string | undefined;

before(async () => {
  session = await openSession({ 'search.json': reducedSpec('book-6.5', 8, 5) });
});
after(async () => session?.close(failed));

test("the README's pictures: the book's real 100-trial run in the panel, dark and light", async () => {
  failed = 'book-hero';
  const { page, workspace } = session;
  const run = recordedBookRun();
  writeRunFolder(join(workspace, '.hparam-lab', 'runs', '20250101-000000-book-6.5'), run);
  await runCommand(page, command('Refresh Runs'));
  // The Runs view with the run expanded: its trials ranked by final val acc, the book's best first.
  const pane = await showView(page, CATEGORY, 'Runs');
  const runRow = pane.locator('.monaco-list-row[aria-level="1"]').first();
  await runRow.waitFor();
  if ((await runRow.getAttribute('aria-expanded')) !== 'true') await runRow.click();
  const trialRow = pane.locator('.monaco-list-row[aria-level="2"]');
  await waitFor('the ranked trials in the Runs tree', async () => (await trialRow.count()) >= 8, 30_000);
  assert.match((await trialRow.first().getAttribute('aria-label')) ?? '', /^Rank 1, trial 24, val acc 0\.86/);
  const treePicture = (theme: string) => screenshotDownTo(page, page.locator('.part.sidebar'), page.locator('.part.sidebar .monaco-list-row').nth(20), join(DOCS, `tree-${theme}.png`)); // the run and its best 20;
  await openPanel(page);
  const whenDrawn = (theme: RegExp) =>
    waitFor('the panel to draw the book run', async () => {
      const d = await panelStats(page);
      return d.scatterPoints === 100 && d.bestCharts === 20 && theme.test(d.theme) ? d : false;
    }, 120_000, 1000);
  const dark = await whenDrawn(/vscode-dark/);
  // The findings the README promises are on the panel, computed from this run.
  assert.match(dark.text, /learning rate/i);
  await clearNotifications(page);
  const panel = page.locator('iframe.webview.ready').last();
  // The book's figure itself: the Best-20 grid, below the fold of the panel's picture.
  const grid = panelFrame(page).locator('section.hpl-best');
  await screenshot(panel, 'panel-dark', DOCS);
  await screenshot(grid, 'panel-best20-dark', DOCS);
  await treePicture('dark');
  await setColorTheme(page, 'Light Modern', 'vs');
  await whenDrawn(/vscode-light/);
  await grid.evaluate((e) => e.ownerDocument.defaultView?.scrollTo(0, 0)); // the panel's picture starts at its top
  await screenshot(panel, 'panel-light', DOCS);
  await screenshot(grid, 'panel-best20-light', DOCS);
  await treePicture('light');
  failed = undefined;
});
