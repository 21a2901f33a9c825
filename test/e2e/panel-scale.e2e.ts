// The panel at 10,000 trials in a real VS Code: a finished synthetic TPE + ASHA run of 10,000
// trials (test/webview/big-run.ts) written into the workspace's runs folder, opened with Open
// Results Panel; once drawn (every trial a scatter point and a history row, the Best-20 grid), its
// pictures in the dark and the light theme land in test-results/e2e/ (panel-10000-dark.png, …).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { replay } from '../../src/core/runs/state';
import { command, openPanel, panelStats } from './harness/lab';
import { openSession, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { waitFor } from './harness/wait';
import { clearNotifications, runCommand, screenshot, setColorTheme } from './harness/workbench';
import { recordedBookRun, syntheticBigRun, writeRunFolder } from '../webview/big-run';

const TRIALS = 10_000;

let session: Session;
let failed: string | undefined;

before(async () => {
  session = await openSession({ 'search.json': reducedSpec('book-6.5', 8, 5) });
});
after(async () => session?.close(failed));

test(`the panel opens a finished ${TRIALS}-trial run: every trial drawn, pictures in both themes`, async () => {
  failed = 'panel-scale';
  const { page, workspace } = session;
  const run = syntheticBigRun(recordedBookRun().spec, { trials: TRIALS, seed: 1 });
  const final = replay(run.events.map((e) => e.event));
  assert.equal(final.trials.size, TRIALS);
  writeRunFolder(join(workspace, '.hparam-lab', 'runs', '20250101-000000-book-6.5'), run);
  await runCommand(page, command('Refresh Runs'));

  await openPanel(page);
  const whenDrawn = (theme: RegExp) =>
    waitFor(`the panel to draw ${TRIALS} trials`, async () => {
      const d = await panelStats(page);
      return d.scatterPoints === TRIALS && d.historyRows === TRIALS && d.bestCharts === 20 && theme.test(d.theme) ? d : false;
    }, 120_000, 1000);
  await whenDrawn(/vscode-dark/);
  await clearNotifications(page);
  const panel = page.locator('iframe.webview.ready').last();
  await screenshot(panel, `panel-${TRIALS}-dark`);
  await setColorTheme(page, 'Light Modern', 'vs');
  await whenDrawn(/vscode-light/);
  await screenshot(panel, `panel-${TRIALS}-light`);
  failed = undefined;
});
