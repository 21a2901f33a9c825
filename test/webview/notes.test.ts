// Notes in the real panel (headless Chromium, the panel's CSP): a `notes` message draws the run's
// note under the header and the selected trial's note; user text stays text; the "Note…" buttons
// post `editNote`; after a reload the host's new `init` + `notes` bring them back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { PanelNotes } from '../../src/panel/contract';
import { CHROMIUM, PanelBrowser, type PanelPage, type PanelWindow } from './page';
import { syntheticRun } from './stream';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;

interface NotesShown {
  run: string | null;
  trial: string | null;
  trialButton: string | null;
  runButton: string | null;
  injected: number;
}

/** What the page shows of the notes (null: hidden). */
const shown = (panel: PanelPage): Promise<NotesShown> =>
  panel.page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { hidden: boolean; textContent: string | null } | null; querySelectorAll(s: string): { length: number } } }).document;
    const text = (selector: string) => {
      const e = doc.querySelector(selector);
      return e && !e.hidden ? e.textContent : null;
    };
    return {
      run: text('.hpl-run-note'), trial: text('.hpl-trial-note'), trialButton: text('#note-trial'), runButton: text('#note-run'),
      injected: doc.querySelectorAll('.hpl-notes img').length,
    };
  });

describe('notes in the panel (Chromium)', { skip }, () => {
  let browser: PanelBrowser;
  const search = syntheticRun({ trials: 12, epochs: 10, workers: 2, epochsPerUpdate: 2, seed: 3 });
  const init = { ...search.init, trials: search.final };
  const notes: PanelNotes = { type: 'notes', run: 'lr above 1e-2 diverges <img src=x>', trials: { 3: 'best so far\nsee epoch 4', 7: 'slow' } };

  before(async () => {
    browser = await PanelBrowser.start();
  });
  after(async () => browser?.close());

  test('a notes message draws the run note and the selected trial note; the buttons post editNote', async () => {
    const panel = await browser.open('dark');
    await panel.post(init);
    await panel.post(notes);
    await panel.whenIdle();
    let now = await shown(panel);
    assert.equal(now.run, notes.run, 'the run note, as text');
    assert.equal(now.injected, 0, 'user text is not markup');
    assert.equal(now.trial, null, 'no trial selected: no trial note');
    assert.equal(now.trialButton, null);
    assert.equal(now.runButton, 'Note…');
    const scatterNotes = await panel.page.evaluate(() =>
      (globalThis as unknown as PanelWindow).__hplPanel.views().scatter!.data('points').filter((r) => r.note !== undefined).map((r) => [r.trial, r.note]));
    assert.deepEqual(scatterNotes.sort(), [[3, 'best so far\nsee epoch 4'], [7, 'slow']], 'the scatter’s tooltips carry the notes');

    await panel.post({ type: 'select', trial: 3 });
    await panel.whenIdle();
    now = await shown(panel);
    assert.equal(now.trial, 'Note on trial 3: best so far\nsee epoch 4');
    assert.equal(now.trialButton, 'Note on trial 3…');

    await panel.page.click('#note-trial');
    await panel.page.click('#note-run');
    const asked = (await panel.posted()).filter((m) => m.type === 'editNote');
    assert.deepEqual(asked, [{ type: 'editNote', trial: 3 }, { type: 'editNote', trial: null }]);

    await panel.post({ type: 'select', trial: 5 });
    await panel.whenIdle();
    now = await shown(panel);
    assert.equal(now.trial, null, 'a trial without a note shows none');
    assert.equal(now.trialButton, 'Note on trial 5…', 'but can get one');

    // a malformed notes message is dropped whole; a new one replaces the old
    await panel.post({ type: 'notes', trials: { x: 'bad' } } as unknown as PanelNotes);
    await panel.whenIdle();
    assert.equal((await shown(panel)).run, notes.run);
    await panel.post({ type: 'notes', trials: { 5: 'now noted' } });
    await panel.whenIdle();
    now = await shown(panel);
    assert.equal(now.run, null, 'the run note was removed');
    assert.equal(now.trial, 'Note on trial 5: now noted');
    assert.deepEqual(await panel.problems(), []);
    await panel.page.close();
  });

  test('after a reload, the host’s init and notes bring the notes back', async () => {
    const panel = await browser.open('light');
    await panel.post(init);
    await panel.post(notes);
    await panel.whenIdle();
    await panel.page.reload();
    assert.deepEqual(await panel.posted(), [{ type: 'ready' }], 'the reloaded page asks the host again');
    await panel.post(init);
    await panel.post(notes);
    await panel.post({ type: 'select', trial: 7 });
    await panel.whenIdle();
    const now = await shown(panel);
    assert.equal(now.run, notes.run);
    assert.equal(now.trial, 'Note on trial 7: slow');
    assert.deepEqual(await panel.problems(), []);
    await panel.page.close();
  });
});
