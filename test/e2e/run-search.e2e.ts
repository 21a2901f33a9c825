// Scenarios 2 and 3 (one VS Code; the narrowing learns from the run of scenario 2).
// Scenario 2: Run search from the palette on a reduced spec (8 trials × 5 epochs, 500 images) in a
// real extension host with real worker threads: the status bar counts trials, the Runs tree ranks
// the 8 trials as trials.jsonl says, the panel charts 8 Best-N cells and 8 scatter points. Also
// takes the tree's and the panel's pictures for test-results, in the dark and the light theme.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readRun } from '../../src/core/runs/store';
import { narrowRanges } from '../../src/core/search/narrow';
import { rankTrials } from '../../src/core/search/ranking';
import { command, finalValAcc, newestRun, openPanel, recordStatusItem, trialRows, waitForEnds, waitForPanel } from './harness/lab';
import { RESULTS } from './harness/paths';
import { openSession, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { TARGET } from './harness/vsix';
import { runDirs } from './harness/workspace';
import { waitFor } from './harness/wait';
import { answerInputBox, clearNotifications, openFile, pressDialogButton, runCommand, saveUntil, screenshot, screenshotDownTo, setColorTheme } from './harness/workbench';

const TRIALS = 8;

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

  // `auto` in the installed platform package: its worker loaded webgpu (dawn.node) and asked for
  // an adapter; this machine has none that is hardware, and the run says so (not "not installed").
  const { meta, spec } = readRun(runDir);
  t.diagnostic(`backend: ${spec.run.backend}; ${meta.backendNote}`);
  assert.equal(spec.run.backend, 'wasm');
  if (TARGET) assert.match(meta.backendNote ?? '', /^wasm: no GPU backend \((no WebGPU adapter was found|only a (software|fallback|CPU) adapter)/);

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
    // The README's pictures come from the book's real run (book-hero.e2e.ts); this short run's stay here.
    await screenshot(panel, `run-search-panel-${theme}`);
    await screenshotDownTo(page, page.locator('.part.sidebar'), page.locator('.part.sidebar .monaco-list-row'), join(RESULTS, `run-search-tree-${theme}.png`));
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

// Scenario 3: Narrow ranges from the top K trials rewrites search.params in one undoable edit.
test('narrow ranges from the top 3 trials, then undo', async () => {
  failed = 'narrow';
  const { page, workspace } = session;
  const specFile = join(workspace, 'search.json');
  const original = readFileSync(specFile, 'utf8');
  const run = readRun(runDirs(workspace).at(-1)!);
  const K = 3;
  const top = rankTrials(run.trials).slice(0, K);
  const expected = Object.fromEntries(narrowRanges(run.spec.search.params, top, 0.1).map((r) => [r.path, r.after]));

  // From the search.json in the editor: the command learns from that spec's newest run.
  await openFile(page, 'search.json');
  await runCommand(page, command('Narrow Ranges from the Top K Trials…'));
  await answerInputBox(page, String(K));
  const preview = await pressDialogButton(page, 'Apply');
  await saveUntil(page, 'the narrowed search.json on disk', () => readFileSync(specFile, 'utf8') !== original);
  const narrowed = JSON.parse(readFileSync(specFile, 'utf8')) as { search: { params: Record<string, { log10: [number, number] }>; narrowedFrom?: string } };
  assert.deepEqual(narrowed.search.params, expected);
  for (const [path, { log10: [lo, hi] }] of Object.entries(narrowed.search.params)) {
    const [oldLo, oldHi] = (run.spec.search.params[path] as { log10: [number, number] }).log10;
    assert.ok(oldLo <= lo && hi <= oldHi, `${path}: [${lo}, ${hi}] inside [${oldLo}, ${oldHi}]`);
    if (lo !== oldLo || hi !== oldHi) assert.ok(preview.includes(`${path}: log10 [${oldLo}, ${oldHi}] → log10 [${lo}, ${hi}]`), preview);
    for (const trial of top) {
      const exponent = Math.log10(trial.params[path] as number);
      assert.ok(lo <= exponent && exponent <= hi, `${path}: trial ${trial.trial}'s ${exponent} inside [${lo}, ${hi}]`);
    }
  }
  assert.notDeepEqual(narrowed.search.params, run.spec.search.params, 'some range narrowed');
  // the next run is round 2: the file remembers the run it was narrowed from
  assert.equal(narrowed.search.narrowedFrom, basename(run.dir));
  const { narrowedFrom: _, ...narrowedSearch } = narrowed.search;
  assert.equal(JSON.stringify({ ...narrowed, search: { ...narrowedSearch, params: {} } }),
    JSON.stringify({ ...JSON.parse(original), search: { ...JSON.parse(original).search, params: {} } }), 'only search.params and search.narrowedFrom changed');

  // One Undo in the editor restores the file as it was.
  await openFile(page, 'search.json');
  await page.keyboard.press('Control+Z');
  await saveUntil(page, 'search.json restored on disk', () => readFileSync(specFile, 'utf8') === original);
  await screenshot(page, 'narrow');
  failed = undefined;
});
