// A host that goes away (a window reload) detaches from its run: nothing more is written, the
// lock is free, and the run reads as interrupted, ready for Resume.
import { tempDir } from './helpers/temp';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../src/core/spec';
import { startRun } from '../../src/core/session';
import { threadExecutor } from '../../src/worker/pool';
import { readRun } from '../../src/core/runs/store';
import { readLock } from '../../src/core/runs/lock';
import { smallBookSpec } from './helpers/cli';

test('detach leaves the run interrupted and writes nothing more', async () => {
  const root = tempDir('hpl-detach-');
  const specPath = join(root, 'search.json');
  const { spec } = parseSpec(JSON.stringify(smallBookSpec(6, 3)), specPath);
  assert.ok(spec);
  let ends = 0;
  let detach = () => {};
  const firstEnd = new Promise<void>((resolve) => {
    detach = resolve;
  });
  const handle = await startRun({ spec, specPath, outRoot: join(root, 'runs'), executor: threadExecutor });
  handle.subscribe((e) => e.type === 'end' && ++ends === 1 && detach());
  await firstEnd;
  handle.detach();
  const summary = await handle.done;
  assert.equal(summary.status, 'interrupted');
  const lines = readFileSync(join(handle.dir, 'trials.jsonl'), 'utf8');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(readFileSync(join(handle.dir, 'trials.jsonl'), 'utf8'), lines, 'nothing written after detach');
  assert.ok(!/"cancelled"/.test(lines), 'no trial marked cancelled');
  const info = readRun(handle.dir);
  assert.equal(info.status, 'interrupted');
  assert.equal(info.meta.stopped, undefined);
  assert.equal(readLock(join(root, 'runs')), undefined, 'the lock is free');
});
