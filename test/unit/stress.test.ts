// A reduced bench/stress.ts (the full one: 3 searches of 100 trials × 5 epochs, 20 start/stops):
// 1 search of 10 trials × 2 epochs, then 10 quick start/stops, through the runner API in a child
// process with --expose-gc. No worker thread may outlive its run, no lock may be left, every run
// folder must say what happened, and the memory held after GC must come back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StressReport } from '../../bench/stress';

const root = join(__dirname, '..', '..');
const workerBuilt = existsSync(join(root, 'dist', 'worker.js'));

test('stress (reduced): searches and quick start/stops leak no worker, no lock, no memory', { skip: !workerBuilt && 'needs dist/worker.js (npm run build)' }, () => {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/stress.ts', '--searches', '1', '--trials', '10', '--epochs', '2', '--cycles', '10'],
    { cwd: root, encoding: 'utf8', timeout: 300_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as StressReport;
  assert.equal(report.leakedWorkers, 0, 'a worker thread outlived its run');
  assert.equal(report.orphanedLocks, 0, 'a lock was left behind');
  assert.deepEqual(report.wrongStatus, []);
  // what JavaScript holds must come back within 10 %; RSS (threads' allocator arenas come and go)
  // within 25 % here — a leaked worker per cycle would add far more (the full bench reports RSS)
  assert.ok(report.heapEndMB <= report.heapStartMB * 1.1, `heap ${report.heapStartMB} MB → ${report.heapEndMB} MB after GC`);
  assert.ok(report.rssGrowth <= 0.25, `RSS ${report.rssStartMB} MB → ${report.rssEndMB} MB after GC`);
});
