// The book's loop (§6.5) in a real VS Code, on a tiny search (4 trials × 2 epochs, 2 kept weights):
// Run Search → Narrow Ranges from the top 2 → Run Search again → the Runs tree groups the two runs
// as Round 2 and Round 1 → Evaluate Best Trials on Test Data on the round-2 run (test.json, the
// trial tooltip's test acc) → Open Report on it (report.html and best-20.svg, the report tab).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { readRun } from '../../src/core/runs/store';
import { readTestReport } from '../../src/core/runs/test-report';
import { CATEGORY, command, newestRun, waitForEnds } from './harness/lab';
import { RESULTS } from './harness/paths';
import { TARGET } from './harness/vsix';
import { openSession, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { waitFor } from './harness/wait';
import {
  answerInputBox, clearNotifications, notifications, openFile, panelFrame, pressDialogButton, runCommand, saveUntil,
  screenshot, screenshotDownTo, showView,
} from './harness/workbench';

const NAME = 'e2e-book-loop';
const TRIALS = 4;
const TOP_K = 2;
const KEPT = 2;

let session: Session;
let failed: string | undefined;

before(async () => {
  const spec = reducedSpec(NAME, TRIALS, 2);
  session = await openSession({ 'search.json': { ...spec, search: { ...spec.search, keepWeights: KEPT } } });
});
after(async () => session?.close(failed));

/** Runs Search from the palette and waits until the run has ended and the extension says so (only
 * then does a second Run Search start a new run instead of asking to stop this one). */
async function runSearch(page: Page, workspace: string, earlier: readonly string[] = []): Promise<string> {
  await runCommand(page, command('Run Search'));
  const runDir = await newestRun(workspace, earlier);
  await waitForEnds(runDir, TRIALS);
  await waitFor('the "finished" notification', async () => (await notifications(page)).some((n) => n.startsWith(`Search "${NAME}" finished`)), 60_000);
  assert.equal(readRun(runDir).status, 'completed');
  await clearNotifications(page);
  return runDir;
}

/** The Runs view's rows, in order, with their tree level and text. */
async function treeRows(pane: Locator): Promise<{ level: number; text: string }[]> {
  return pane.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => ({
    level: Number(r.getAttribute('aria-level')),
    text: (r.textContent ?? '').trim(),
  })));
}

/** Runs a command from a tree row's context menu. A click can land while the menu still ignores the
 * mouse (just opened, or a tooltip closing), leaving it open: then Enter on the item, which the
 * click has focused, runs it. */
async function contextCommand(page: Page, row: Locator, title: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item').filter({ hasText: new RegExp(`^${title}$`) }).first();
  await item.waitFor({ timeout: 15_000 });
  await item.click();
  if (await item.waitFor({ state: 'hidden', timeout: 1000 }).then(() => true, () => false)) return;
  await waitFor(`the context menu to run "${title}"`, async () => {
    if (!(await item.isVisible())) return true;
    await item.hover();
    await page.keyboard.press('Enter');
    return false;
  }, 15_000, 1000);
}

test('run → narrow → run again → two rounds → test data → report', async (t) => {
  failed = 'book-loop';
  const { page, workspace } = session;
  const specFile = join(workspace, 'search.json');

  const round1 = await runSearch(page, workspace);

  // Narrow from the search.json in the editor: the top 2 trials of its newest run.
  const original = readFileSync(specFile, 'utf8');
  await openFile(page, 'search.json');
  await runCommand(page, command('Narrow Ranges from the Top K Trials…'));
  await answerInputBox(page, String(TOP_K));
  const preview = await pressDialogButton(page, 'Apply');
  assert.match(preview, new RegExp(`round 2 \\(search\\.narrowedFrom: ${basename(round1)}\\)`));
  await saveUntil(page, 'the narrowed search.json on disk', () => readFileSync(specFile, 'utf8') !== original);
  const narrowed = JSON.parse(readFileSync(specFile, 'utf8')) as { search: { narrowedFrom?: string; params: object } };
  assert.equal(narrowed.search.narrowedFrom, basename(round1));

  const round2 = await runSearch(page, workspace, [round1]);
  const { meta } = readRun(round2);
  assert.equal(meta.round, 2);
  assert.equal(meta.parent, basename(round1));
  assert.deepEqual(meta.ranges, narrowed.search.params, 'round 2 records the ranges it searched');

  // The tree: Round 2 above Round 1, each with its run.
  const pane = await showView(page, CATEGORY, 'Runs');
  const rows = await waitFor('the Runs tree to show two rounds', async () => {
    const all = await treeRows(pane);
    return all.length === 4 && /^Round 2/.test(all[0]!.text) && /^Round 1/.test(all[2]!.text) ? all : false;
  }, 30_000);
  assert.deepEqual(rows.map((r) => r.level), [1, 2, 1, 2]);
  assert.ok(rows[1]!.text.startsWith(NAME) && rows[3]!.text.startsWith(NAME), JSON.stringify(rows));
  await screenshotDownTo(page, page.locator('.part.sidebar'), pane.locator('.monaco-list-row'), join(RESULTS, 'book-loop-rounds.png'));

  // Evaluate Best Trials on Test Data on the round-2 run: test.json, then test acc in the best trial's tooltip.
  const run2Row = pane.locator('.monaco-list-row[aria-level="2"]').first();
  await contextCommand(page, run2Row, 'Evaluate Best Trials on Test Data');
  const report = await waitFor('test.json in the round-2 run', () => readTestReport(round2), 120_000);
  assert.equal(report.trials.length, KEPT);
  assert.equal(report.data.images, 10_000);
  const best = report.trials[0]!;
  assert.equal(best.rank, 1);
  assert.ok(best.testAcc >= 0 && best.testAcc <= 1, `test acc ${best.testAcc}`);

  if ((await run2Row.getAttribute('aria-expanded')) !== 'true') await run2Row.click();
  const bestRow = pane.locator('.monaco-list-row[aria-level="3"]').first();
  await bestRow.waitFor();
  assert.match((await bestRow.getAttribute('aria-label')) ?? '', new RegExp(`^Rank 1, trial ${best.trial},`));
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: /test acc/ });
  const tooltip = await waitFor('the test acc in the best trial\'s tooltip', async () => {
    await bestRow.hover();
    await hover.first().waitFor({ timeout: 3000 });
    return hover.first().innerText();
  }, 30_000);
  assert.ok(tooltip.includes(`test acc ${best.testAcc.toFixed(4)}`), tooltip);
  await screenshot(page, 'book-loop-test-acc');
  await page.mouse.move(700, 10);

  // Open Report on the round-2 run: the files beside it and the report's tab.
  await contextCommand(page, run2Row, 'Open Report');
  await waitFor('report.html in the round-2 run', () => existsSync(join(round2, 'report.html')), 60_000);
  assert.ok(existsSync(join(round2, 'best-20.svg')), 'best-20.svg beside the report');
  // A platform .vsix carries its @resvg/resvg-js prebuilt (scripts/vsix-targets.mjs); the universal one none.
  if (TARGET) assert.ok(existsSync(join(round2, 'best-20.png')), `best-20.png beside the report (the ${TARGET} .vsix carries resvg)`);
  else t.diagnostic('best-20.png not written: the universal .vsix carries no @resvg/resvg-js prebuilt');
  await page.locator('.tabs-container .tab.active', { hasText: `Report — ${NAME}` }).waitFor({ timeout: 30_000 });
  const frame = panelFrame(page);
  await frame.locator('h1').waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('h1').textContent(), `Hyperparameter Lab report: ${NAME}`);
  assert.ok((await frame.locator('#best-20 figure svg').count()) >= 1, 'the Best-20 figure is drawn');
  assert.match((await frame.locator('#test').textContent()) ?? '', new RegExp(`${best.testAcc.toFixed(3)}`));
  assert.equal(await frame.locator('#rounds table tr').count(), 3, 'a header and one row per round');
  await screenshot(page, 'book-loop-report');
  failed = undefined;
});
