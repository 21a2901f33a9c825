// Scenario 5: Reload the window mid-run. No finished epoch is lost (trials.jsonl keeps every line
// written before), the tree shows the run as interrupted, and Resume finishes it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { command, newestRun, runRows, trialRows, waitForEnds } from './harness/lab';
import { openSession, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { waitFor } from './harness/wait';
import { pickQuickItem, runCommand, screenshot, waitForWorkbench } from './harness/workbench';
import { endCounts, readEvents } from './harness/workspace';

const TRIALS = 8;
let session: Session;
let failed: string | undefined;

before(async () => {
  session = await openSession({ 'search.json': reducedSpec('e2e-reload', TRIALS, 30) });
});
after(async () => session?.close(failed));

test('reload mid-run: nothing lost, shown interrupted, resume finishes', async (t) => {
  failed = 'reload';
  const { page, workspace } = session;
  await runCommand(page, command('Run Search'));
  const runDir = await newestRun(workspace);
  await waitForEnds(runDir, 2);
  // Mid-trial too: at least one epoch of a trial that has not ended yet.
  await waitFor('an epoch of an unfinished trial', () => {
    const events = readEvents(runDir);
    const ended = new Set(events.filter((e) => e.type === 'end').map((e) => e.trial));
    return events.some((e) => e.type === 'epoch' && !ended.has(e.trial));
  }, 60_000);
  const before = readEvents(runDir);

  await runCommand(page, 'Developer: Reload Window');
  await waitForWorkbench(page);

  // Subtests, so that each fact is reported even when one of them fails.
  await t.test('no line written before the reload is lost', () => {
    const after = readEvents(runDir);
    assert.deepEqual(after.slice(0, before.length), before);
    t.diagnostic(`before reload: ${before.filter((e) => e.type === 'epoch').length} epochs, ${endCounts(before, 'completed').size} trials completed`);
  });

  await t.test('the tree shows the run as interrupted', async () => {
    const row = await waitFor('the run row to show it no longer runs', async () => {
      const first = (await runRows(page))[0];
      return first && !first.includes('running') ? first : undefined;
    }, 60_000);
    await screenshot(page, 'reload-interrupted');
    assert.match(row, /interrupted/);
  });

  await t.test('Resume finishes the run, each trial completed once', async () => {
    await runCommand(page, command('Resume Run'));
    // From the palette Resume always asks which run (checking the list at once could run before it shows).
    await pickQuickItem(page, /e2e-reload/);
    await waitFor(`all ${TRIALS} trials completed`, () => endCounts(readEvents(runDir), 'completed').size === TRIALS, 180_000);
    await waitFor('the tree to show the run completed', async () => (await runRows(page))[0]?.includes('completed'));
    const events = readEvents(runDir);
    assert.deepEqual([...endCounts(events, 'completed').values()], Array(TRIALS).fill(1));
    for (const [trial] of endCounts(before, 'completed')) {
      assert.equal(events.filter((e) => e.type === 'start' && e.trial === trial).length, 1, `trial ${trial}, done before the reload, was not trained again`);
    }
    assert.equal((await trialRows(page, TRIALS)).length, TRIALS);
  });
  await screenshot(page, 'reload');
  failed = undefined;
});
