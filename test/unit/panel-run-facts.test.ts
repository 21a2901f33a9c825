// The panel's header facts beside the run: a test set's one line (§6.5.1: test acc reports, val acc
// chooses) when <run>/test.json exists, and a queue run's worker count — from the host's message
// through the webview's validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { panelRun } from '../../src/panel/run-view';
import { TEST_FILE } from '../../src/core/runs/test-report';
import type { RunInfo } from '../../src/core/runs/store';
import { parseHostMessage } from '../../webview/validate';
import { DEFAULT_STRINGS } from '../../src/panel/strings';
import { tempDir } from './helpers/temp';
import { join } from 'node:path';

function runIn(dir: string): RunInfo {
  const spec = { search: { params: { 'training.lr': { log10: [-3, -1] } }, trials: 2 }, run: { backend: 'wasm' }, training: { epochs: 2 } };
  return { dir, name: 'facts', trials: [], spec } as unknown as RunInfo;
}

test('the run says it has a test set once test.json is beside it, and the flag survives the webview\'s validation', () => {
  const dir = tempDir('hpl-panel-facts-');
  assert.equal(panelRun(runIn(dir)).testSet, undefined, 'no test.json: no line');
  writeFileSync(join(dir, TEST_FILE), '{}\n');
  const run = panelRun(runIn(dir));
  assert.equal(run.testSet, true);
  const init = parseHostMessage({ type: 'init', run, trials: [], strings: {}, bestN: 20 });
  assert.ok(init?.type === 'init' && init.run.testSet === true);
  const without = parseHostMessage({ type: 'init', run: { ...run, testSet: 'yes' }, trials: [], strings: {}, bestN: 20 });
  assert.ok(without?.type === 'init' && without.run.testSet === undefined, 'only true turns the line on');
  assert.match(DEFAULT_STRINGS.testSetNote, /reporting only, never for choosing.*val acc.*6\.5\.1/);
});

test("a queue run's worker count reaches the panel; anything else is dropped", () => {
  assert.deepEqual(parseHostMessage({ type: 'workers', count: 3 }), { type: 'workers', count: 3 });
  assert.deepEqual(parseHostMessage({ type: 'workers', count: 0 }), { type: 'workers', count: 0 });
  assert.deepEqual(parseHostMessage({ type: 'workers', count: null }), { type: 'workers', count: null });
  for (const count of [-1, 1.5, '3', undefined]) assert.equal(parseHostMessage({ type: 'workers', count }), undefined, String(count));
});
