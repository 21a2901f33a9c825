// Scenario 4: Stop during a run, then Resume: the run ends with every trial completed exactly once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { command, newestRun, runRows, trialRows, waitForEnds } from './harness/lab';
import { openSession, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { waitFor } from './harness/wait';
import { pickQuickItem, runCommand, screenshot } from './harness/workbench';
import { endCounts, readEvents } from './harness/workspace';

const TRIALS = 8;
let session: Session;
let failed: string | undefined;

before(async () => {
  // Long enough trials (30 epochs) that Stop lands while some are still training.
  session = await openSession({ 'search.json': reducedSpec('e2e-stop', TRIALS, 30) });
});
after(async () => session?.close(failed));

test('stop mid-run, resume, every trial completed exactly once', async (t) => {
  failed = 'stop-resume';
  const { page, workspace } = session;
  await runCommand(page, command('Run Search'));
  const runDir = await newestRun(workspace);
  await waitForEnds(runDir, 2);
  await runCommand(page, command('Stop Search'));
  await waitFor('the run to stop (no trial left running)', () => {
    const events = readEvents(runDir);
    const started = new Set(events.filter((e) => e.type === 'start').map((e) => e.trial));
    const ended = new Set(events.filter((e) => e.type === 'end').map((e) => e.trial));
    return [...started].every((n) => ended.has(n));
  }, 60_000);
  const stopped = readEvents(runDir);
  const completedAtStop = endCounts(stopped, 'completed');
  t.diagnostic(`at stop: ${completedAtStop.size} completed, ${endCounts(stopped, 'cancelled').size} cancelled`);
  assert.ok(completedAtStop.size < TRIALS, 'the stop came before the end');
  await waitFor('the tree to show the run stopped', async () => (await runRows(page))[0]?.includes('stopped'));

  await runCommand(page, command('Resume Run'));
  // From the palette Resume always asks which run (checking the list at once could run before it shows).
  await pickQuickItem(page, /e2e-stop/);
  await waitFor(`all ${TRIALS} trials completed`, () => endCounts(readEvents(runDir), 'completed').size === TRIALS, 180_000);
  await waitFor('the tree to show the run completed', async () => (await runRows(page))[0]?.includes('completed'));

  const events = readEvents(runDir);
  const completed = endCounts(events, 'completed');
  assert.deepEqual([...completed.values()], Array(TRIALS).fill(1), 'each trial completed once');
  for (const [trial] of completedAtStop) {
    assert.equal(events.filter((e) => e.type === 'start' && e.trial === trial).length, 1, `trial ${trial}, done before the stop, was not trained again`);
  }
  assert.equal(events.slice(0, stopped.length).map((e) => JSON.stringify(e)).join('\n'), stopped.map((e) => JSON.stringify(e)).join('\n'), 'resume only appended');
  assert.equal((await trialRows(page, TRIALS)).length, TRIALS);
  await screenshot(page, 'stop-resume');
  failed = undefined;
});
