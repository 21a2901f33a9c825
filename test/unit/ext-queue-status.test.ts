// The status bar of a queue run (issue 15): how many workers train it, and "waiting for a worker"
// while none is connected; the panel header's words for the same count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { searchStatusText, workersText } from '../../src/extension/logic/status-text';
import { untranslated } from '../../src/core/translate';
import { workersStat } from '../../src/panel/run-facts';
import { DEFAULT_STRINGS } from '../../src/panel/strings';

test('the status text names the workers of a queue run, and says so while it waits for one', () => {
  assert.equal(searchStatusText('2/6 · best 0.81', 3, untranslated), '$(beaker) 2/6 · best 0.81 · 3 workers');
  assert.equal(searchStatusText('0/6', 1, untranslated), '$(beaker) 0/6 · 1 worker');
  assert.equal(searchStatusText('0/6', 0, untranslated), '$(beaker) 0/6 · waiting for a worker');
  assert.equal(searchStatusText('0/6', undefined, untranslated), '$(beaker) 0/6', 'a run on this machine names no workers');
  assert.equal(workersText(2, (m, ...a) => `[${untranslated(m, ...a)}]`), '[2 workers]', 'the words go through the translator');
});

test("the panel header's workers use the same words, from the strings the host sends", () => {
  assert.equal(workersStat({}, null), '');
  assert.equal(workersStat({}, 0), DEFAULT_STRINGS.workersNone);
  assert.equal(workersStat({}, 1), '1 worker');
  assert.equal(workersStat({ workers: 'ワーカー {0} 台' }, 4), 'ワーカー 4 台');
  const ja = JSON.parse(readFileSync(join(__dirname, '..', '..', 'l10n', 'bundle.l10n.ja.json'), 'utf8'));
  for (const key of ['workers', 'workersOne', 'workersNone', 'testSetNote'] as const) assert.ok(ja[DEFAULT_STRINGS[key]], `Japanese for "${DEFAULT_STRINGS[key]}"`);
});
