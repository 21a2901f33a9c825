// Scenario 1: a new search.json from the palette opens with the book's experiment; the schema's
// completion offers the distributions inside search.params; an impossible range shows in Problems.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { REPO } from './harness/paths';
import { openSession, type Session } from './harness/session';
import { waitFor } from './harness/wait';
import { goToLine, LITERAL_TYPING, pickQuickItem, runCommand, screenshot } from './harness/workbench';

let session: Session;
let failed: string | undefined;

before(async () => {
  session = await openSession({}, LITERAL_TYPING);
});
after(async () => session?.close(failed));

test('new search.json, schema completion, range diagnostic', async () => {
  failed = 'spec-editing';
  const { page, workspace } = session;
  const example = readFileSync(join(REPO, 'examples/book-6.5/search.json'), 'utf8');

  await runCommand(page, 'Hyperparameter Lab: New search.json…');
  await pickQuickItem(page, /^book-6\.5/);
  const tab = page.locator('.tabs-container .tab.active', { hasText: 'search.json' });
  await tab.waitFor();
  const file = join(workspace, 'search.json');
  // The book's experiment as shipped, less the example's repo-relative $schema (the extension
  // associates the schema by file name).
  const { $schema: _, ...book } = parse(example) as Record<string, unknown>;
  const created = readFileSync(file, 'utf8');
  assert.deepEqual(parse(created), book, 'the workspace gets the book example');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines', { hasText: '"training.lr"' }).waitFor();

  // A new param inside search.params: completion offers the distributions of the schema.
  const lines = created.split('\n');
  const lrLine = lines.findIndex((l) => l.includes('"training.lr"')) + 1;
  await goToLine(page, lrLine, lines[lrLine - 1]!.length + 1);
  await page.keyboard.type(',');
  await page.keyboard.press('Enter');
  await page.keyboard.type('"training.momentum": {  }');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const suggestion = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'log10' });
  // The JSON language server answers with word completions until it has loaded the schema: close
  // the list (Ctrl+Space on an open list toggles its details instead) and ask again.
  await waitFor('completion to offer log10', async () => {
    await page.keyboard.press('Control+Space');
    try {
      await suggestion.first().waitFor({ timeout: 3000 });
      return true;
    } catch (err) {
      await page.keyboard.press('Escape');
      throw err;
    }
  }, 30_000, 0);
  const offered = await page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts();
  await screenshot(page, 'spec-editing-completion');
  await page.keyboard.press('Escape');
  for (const distribution of ['log10', 'uniform']) assert.ok(offered.includes(distribution), `completion offers ${distribution}: ${offered.join(', ')}`);

  // Take the new param out again (the line, then the comma), then make the lr range impossible.
  await page.keyboard.press('Control+Shift+K');
  await goToLine(page, lrLine, lines[lrLine - 1]!.length + 2);
  await page.keyboard.press('Backspace');
  const lowerAt = lines[lrLine - 1]!.indexOf('-6') + 1;
  await goToLine(page, lrLine, lowerAt);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type('-1');
  await page.keyboard.press('Control+S');
  await waitFor('the edit to reach the disk', () => readFileSync(file, 'utf8').includes('"log10": [-1, -2]'));
  const saved = readFileSync(file, 'utf8');
  assert.equal(saved, created.replace('"log10": [-6, -2]', '"log10": [-1, -2]'), 'only the lower bound changed');

  await page.locator('.statusbar-item[id="status.problems"]').click(); // the error/warning counts open Problems
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'lower bound -1 is above upper bound -2' });
  await problem.waitFor({ timeout: 15_000 });
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  await screenshot(page, 'spec-editing');
  assert.ok(rows.some((r) => r.includes('hparam-lab') && r.includes('lower bound -1 is above upper bound -2')), rows.join('\n'));
  failed = undefined;
});
