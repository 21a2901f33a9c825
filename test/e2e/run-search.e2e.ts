// Scenario 2: Run search from the palette on a reduced spec (8 trials × 5 epochs, 500 images) in a
// real extension host with real worker threads: the status bar counts trials, the Runs tree ranks
// the 8 trials as trials.jsonl says, the panel charts 8 Best-N cells and 8 scatter points. Also
// takes the panel's and the tree's pictures for the docs, in the dark and the light theme.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { command, finalValAcc, newestRun, openPanel, recordStatusItem, trialRows, waitForEnds, waitForPanel } from './harness/lab';
import { REPO } from './harness/paths';
import { openSession, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { waitFor } from './harness/wait';
import { clearNotifications, runCommand, screenshot, screenshotDownTo, setColorTheme } from './harness/workbench';

const TRIALS = 8;
const DOCS = join(REPO, 'docs', 'images');

let session: Session;
let failed: string | undefined;

before(async () => {
  session = await openSession({ 'search.json': reducedSpec('e2e-run', TRIALS, 5) });
});
after(async () => session?.close(failed));

test('run search: status bar, ranked tree, panel charts', async (t) => {
  failed = 'run-search';
  const { page, workspace } = session;
  const statusTexts = await recordStatusItem(page);

  await runCommand(page, command('Run Search'));
  const runDir = await newestRun(workspace);
  await waitForEnds(runDir, TRIALS);
  const finals = finalValAcc(runDir);
  assert.equal(finals.size, TRIALS);

  // The status bar counted the trials up, never past the total, while the run went.
  const counts = (await statusTexts()).map((text) => /(\d+)\/(\d+)/.exec(text)).filter((m) => m !== null)
    .map((m) => ({ done: Number(m[1]), of: Number(m[2]) }));
  t.diagnostic(`status bar counts seen: ${counts.map((c) => c.done).join(' ')}`);
  assert.ok(counts.length >= 2, 'the status bar item showed the run');
  assert.ok(counts.every((c, i) => c.of === TRIALS && c.done <= TRIALS && (i === 0 || c.done >= counts[i - 1]!.done)), 'counts rise to the total');
  assert.ok(counts.at(-1)!.done > counts[0]!.done, 'the count moved');

  // The tree: the 8 trials, ranked best first by their final val acc on disk.
  const rows = await trialRows(page, TRIALS);
  assert.deepEqual(rows.map((r) => r.rank), [...Array(TRIALS).keys()].map((i) => i + 1));
  assert.deepEqual(new Set(rows.map((r) => r.trial)), new Set(finals.keys()));
  for (const row of rows) assert.equal(row.valAcc, finals.get(row.trial)!.toFixed(2), `trial ${row.trial}'s val acc`);
  const ordered = rows.map((r) => finals.get(r.trial)!);
  assert.ok(ordered.every((acc, i) => i === 0 || acc <= ordered[i - 1]!), `ranked by final val acc: ${ordered.join(' ')}`);

  // The panel: the Best-N grid and the scatter chart every trial.
  await openPanel(page);
  const dark = await waitForPanel(page, TRIALS);
  assert.match(dark.theme, /vscode-dark/);
  await clearNotifications(page);
  await screenshot(page, 'run-search');

  const panel = page.locator('iframe.webview.ready').last();
  const pictures = async (theme: string) => {
    await screenshot(panel, `panel-${theme}`, DOCS);
    await screenshotDownTo(page, page.locator('.part.sidebar'), page.locator('.part.sidebar .monaco-list-row'), join(DOCS, `tree-${theme}.png`));
  };
  await pictures('dark');
  await setColorTheme(page, 'Light Modern', 'vs');
  const light = await waitFor('the panel to redraw in the light theme', async () => {
    const stats = await waitForPanel(page, TRIALS);
    return /vscode-light/.test(stats.theme) ? stats : false;
  });
  assert.equal(light.bestCharts, TRIALS);
  await pictures('light');
  failed = undefined;
});
