// The README's hero pictures: the book's real 100-trial × 50-epoch run (bench/fixtures/book-6.5-100x50,
// recorded by `hparam-lab run` on examples/book-6.5) copied into the workspace's runs folder and opened
// with Open Results Panel — the findings at the top, the Best-20 grid, the scatter with its good region —
// pictured in the dark and the light theme. They replace docs/images/panel-{dark,light}.png only when
// asked (E2E_DOCS_IMAGES=1); otherwise they land in test-results/e2e/docs/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { command, openPanel } from './harness/lab';
import { REPO, RESULTS } from './harness/paths';
import { openSession, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { waitFor } from './harness/wait';
import { clearNotifications, panelFrame, runCommand, screenshot, setColorTheme } from './harness/workbench';
import { recordedBookRun, writeRunFolder } from '../webview/big-run';

const DOCS = process.env.E2E_DOCS_IMAGES ? join(REPO, 'docs', 'images') : join(RESULTS, 'docs');

let session: Session;
let failed: string | undefined;

before(async () => {
  session = await openSession({ 'search.json': reducedSpec('book-6.5', 8, 5) });
});
after(async () => session?.close(failed));

/** What the panel has drawn once its redraws are idle: scatter points, Best-N cells, the findings' text. */
async function drawn(session: Session) {
  return panelFrame(session.page).locator('body').evaluate(async (body) => {
    type View = { data(name: string): Record<string, unknown>[] };
    const hook = (globalThis as unknown as { __hplPanel?: { views(): Record<string, View | undefined>; whenIdle(): Promise<void> } }).__hplPanel;
    if (!hook) return undefined;
    await hook.whenIdle();
    const views = hook.views();
    return {
      points: views.scatter?.data('points').length ?? 0,
      best: new Set((views.best?.data('best') ?? []).map((row) => row.rank)).size,
      theme: body.className,
      text: body.innerText,
    };
  });
}

test("the README's pictures: the book's real 100-trial run in the panel, dark and light", async () => {
  failed = 'book-hero';
  const { page, workspace } = session;
  const run = recordedBookRun();
  writeRunFolder(join(workspace, '.hparam-lab', 'runs', '20250101-000000-book-6.5'), run);
  await runCommand(page, command('Refresh Runs'));
  await openPanel(page);
  const whenDrawn = (theme: RegExp) =>
    waitFor('the panel to draw the book run', async () => {
      const d = await drawn(session);
      return d && d.points === 100 && d.best === 20 && theme.test(d.theme) ? d : false;
    }, 120_000, 1000);
  const dark = await whenDrawn(/vscode-dark/);
  // The findings the README promises are on the panel, computed from this run.
  assert.match(dark.text, /learning rate/i);
  await clearNotifications(page);
  const panel = page.locator('iframe.webview.ready').last();
  await screenshot(panel, 'panel-dark', DOCS);
  await setColorTheme(page, 'Light Modern', 'vs');
  await whenDrawn(/vscode-light/);
  await screenshot(panel, 'panel-light', DOCS);
  failed = undefined;
});
