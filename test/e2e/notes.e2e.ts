// Notes in a real VS Code: run a tiny search (3 trials × 2 epochs), select the best trial in the
// Runs tree (which shows it in the panel), Add Note… from the palette with that row selected; the
// note lands in the run's notes.json, the tree row gets its marker, the panel shows the note.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readNotes } from '../../src/core/runs/notes';
import { CATEGORY, command, newestRun, trialRows, waitForEnds } from './harness/lab';
import { openSession, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { waitFor } from './harness/wait';
import { answerInputBox, panelFrame, runCommand, screenshot, showView } from './harness/workbench';

const TRIALS = 3;
const NOTE = 'e2e: the best of three <b>trials</b>';

let session: Session;
let failed: string | undefined;

before(async () => {
  session = await openSession({ 'search.json': reducedSpec('e2e-notes', TRIALS, 2) });
});
after(async () => session?.close(failed));

test('a note added from the tree shows in the panel and lands in notes.json', async () => {
  failed = 'notes';
  const { page, workspace } = session;
  await runCommand(page, command('Run Search'));
  const runDir = await newestRun(workspace);
  await waitForEnds(runDir, TRIALS);

  const rows = await trialRows(page, TRIALS);
  const best = rows[0]!;
  const pane = await showView(page, CATEGORY, 'Runs');
  const row = pane.locator('.monaco-list-row[aria-level="2"]').first();
  await row.click(); // selects it and shows the trial in the panel
  await waitFor('the panel with the trial selected', async () => (await panelFrame(page).locator('#note-trial').count()) > 0 &&
    /\d/.test((await panelFrame(page).locator('#note-trial').textContent()) ?? ''), 60_000);

  await runCommand(page, command('Add Note…'));
  await answerInputBox(page, NOTE);

  await waitFor('the note in notes.json', () => readNotes(runDir).trials[best.trial] === NOTE, 30_000);
  const trialNote = panelFrame(page).locator('.hpl-trial-note');
  const shown = await waitFor('the note in the panel', async () => {
    const text = (await trialNote.isVisible()) ? await trialNote.textContent() : '';
    return text?.includes(NOTE) ? text : false;
  }, 30_000);
  assert.equal(shown, `Note on trial ${best.trial}: ${NOTE}`);
  assert.equal(await panelFrame(page).locator('.hpl-notes b').count(), 0, 'the note is text, not markup');
  const label = await waitFor('the note marker in the tree', async () => {
    const l = await pane.locator('.monaco-list-row[aria-level="2"]').first().getAttribute('aria-label');
    return l?.includes('✎') ? l : false;
  }, 30_000);
  assert.match(label, new RegExp(`trial ${best.trial},`));
  await screenshot(page, 'notes');
  failed = undefined;
});
