// The search end to end through the real CLI, real worker threads and the real MNIST files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { lastJson, runCli, spawnCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { readRun } from '../../src/core/runs/store';
import { readTrialLog } from '../../src/core/runs/jsonl';
import { trialList } from '../../src/core/runs/state';

const events = (dir: string) =>
  readFileSync(join(dir, 'trials.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

test('run: the ranked JSON summary is the last stdout line, and the run folder holds every event', () => {
  const ws = workspaceWith(smallBookSpec(4, 3));
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = lastJson(r.stdout);
  assert.equal(s.trials.length, 4);
  assert.equal(s.backend, 'wasm');
  for (let i = 1; i < s.trials.length; i++) assert.ok(s.trials[i - 1].valAcc >= s.trials[i].valAcc, 'best first');
  for (const t of s.trials) {
    assert.equal(t.status, 'completed');
    assert.equal(t.epochs, 3);
    assert.deepEqual(Object.keys(t.params), ['training.weightDecay', 'training.lr']);
  }
  const ev = events(s.run);
  assert.equal(ev.filter((e) => e.type === 'start').length, 4);
  assert.deepEqual(ev.filter((e) => e.type === 'epoch' && e.trial === 0).map((e) => e.epoch), [1, 2, 3]);
  assert.equal(ev.filter((e) => e.type === 'end' && e.status === 'completed').length, 4);
  const spec = JSON.parse(readFileSync(join(s.run, 'spec.json'), 'utf8'));
  assert.equal(spec.run.backend, 'wasm', 'spec.json records the backend that really ran');
  assert.equal(spec.training.lr, 0.01, 'defaults filled');
  assert.equal(readRun(s.run).status, 'completed');
  assert.match(r.stderr, /rank\s+trial\s+val acc/, 'the ranked table goes to stderr with --json');
});

test('results do not depend on the number of workers', () => {
  const ws = workspaceWith(smallBookSpec(3, 2));
  const one = lastJson(runCli(['run', ws.specPath, '--out', ws.runs, '--workers', '1', '--json']).stdout);
  const two = lastJson(runCli(['run', ws.specPath, '--out', ws.runs, '--workers', '2', '--json']).stdout);
  const byTrial = (s: any) => Object.fromEntries(s.trials.map((t: any) => [t.trial, [t.valAcc, t.trainAcc, t.params]]));
  assert.deepEqual(byTrial(one), byTrial(two));
});

test('an invalid spec exits 2, names file:line:col, and creates nothing', () => {
  const ws = workspaceWith({ ...smallBookSpec(), training: { epochs: 0 } });
  const r = runCli(['run', ws.specPath, '--out', ws.runs]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /search\.json:\d+:\d+: training\.epochs/);
  assert.equal(existsSync(ws.runs), false);
  assert.equal(runCli(['run', ws.specPath, '--trials', 'x']).code, 2);
  assert.equal(runCli(['frobnicate', ws.specPath]).code, 2);
});

test('a worker thread that dies mid-trial fails only that trial; a new worker finishes the run', () => {
  const ws = workspaceWith(smallBookSpec(4, 2));
  const worker = join(__dirname, '..', 'fixtures', 'crashing-worker.cjs');
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--json'], { HPL_CRASH_TRIAL: '1', HPL_WORKER_SCRIPT: worker });
  assert.equal(r.code, 0, r.stderr);
  const s = lastJson(r.stdout);
  const failed = s.trials.filter((t: any) => t.status === 'failed');
  assert.deepEqual(failed.map((t: any) => t.trial), [1]);
  assert.equal(s.trials.filter((t: any) => t.status === 'completed').length, 3);
  const end = events(s.run).find((e) => e.type === 'end' && e.trial === 1);
  assert.match(end.error, /worker .* died/);
});

async function waitForEnds(runs: string, n: number): Promise<string> {
  for (;;) {
    const dirs = existsSync(runs) ? readdirSync(runs).filter((d) => !d.startsWith('.')) : [];
    if (dirs.length) {
      const dir = join(runs, dirs[0]);
      const f = join(dir, 'trials.jsonl');
      if (existsSync(f) && trialList(readTrialLog(f).state).filter((t) => t.status === 'completed').length >= n) return dir;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const signal of ['SIGINT', 'SIGKILL'] as const) {
  test(`${signal} mid-run loses no finished epoch; resume finishes exactly the missing trials, equal to an uninterrupted run`, async () => {
    const spec = smallBookSpec(6, 3);
    const ws = workspaceWith(spec);
    const child = spawnCli(['run', ws.specPath, '--out', ws.runs]);
    const dir = await waitForEnds(ws.runs, 2);
    const before = events(dir).filter((e) => e.type === 'epoch').length;
    child.kill(signal);
    const [code, sig] = await once(child, 'exit');
    if (signal === 'SIGINT') assert.equal(code, 130);
    else assert.equal(sig, 'SIGKILL');
    const after = readTrialLog(join(dir, 'trials.jsonl'));
    assert.ok(trialList(after.state).reduce((n, t) => n + t.curve.length, 0) >= before, 'every recorded epoch is still there');
    const status = readRun(dir).status;
    assert.equal(status, signal === 'SIGINT' ? 'cancelled' : 'interrupted');

    const resumed = runCli(['resume', dir, '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const ends = events(dir).filter((e) => e.type === 'end' && e.status === 'completed');
    assert.deepEqual(ends.map((e) => e.trial).sort(), [0, 1, 2, 3, 4, 5], 'each trial completed exactly once');
    const full = lastJson(runCli(['run', ws.specPath, '--out', join(ws.dir, 'runs2'), '--json']).stdout);
    const vals = (s: any) => Object.fromEntries(s.trials.map((t: any) => [t.trial, t.valAcc]));
    assert.deepEqual(vals(lastJson(resumed.stdout)), vals(full));
  });
}
