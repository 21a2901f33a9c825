// run.fuse / --fuse through the real CLI and worker threads: the same per-trial events with
// fusion off and on (js and wasm), spec.json records the population size, and refusals are clear.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, smallBookSpec, workspaceWith } from './helpers/cli';

/** Each trial's epochs and end, without what depends on the clock. */
function trialEvents(runs: string): { dir: string; events: Map<number, unknown[]> } {
  const [name] = readdirSync(runs);
  const dir = join(runs, name!);
  const events = new Map<number, unknown[]>();
  for (const line of readFileSync(join(dir, 'trials.jsonl'), 'utf8').trim().split('\n')) {
    const e = JSON.parse(line);
    if (e.type !== 'epoch' && e.type !== 'end') continue;
    const { time, seconds, ...kept } = e;
    void time;
    void seconds;
    (events.get(e.trial) ?? events.set(e.trial, []).get(e.trial)!).push(kept);
  }
  return { dir, events };
}

for (const backend of ['js', 'wasm']) {
  test(`${backend}: --fuse 3 with 2 workers gives every trial the events of --fuse 1, and spec.json says fuse 3`, { timeout: 300_000 }, () => {
    const spec = smallBookSpec(7, 3, backend) as { model: { hiddenSizes: number[] } };
    if (backend === 'js') spec.model.hiddenSizes = [50, 50]; // the js reference is slow on the book's net
    const off = workspaceWith(spec);
    const on = workspaceWith(spec);
    const a = runCli(['run', off.specPath, '--out', off.runs, '--fuse', '1']);
    assert.equal(a.code, 0, a.stderr);
    const b = runCli(['run', on.specPath, '--out', on.runs, '--fuse', '3']);
    assert.equal(b.code, 0, b.stderr);
    const unfused = trialEvents(off.runs);
    const fused = trialEvents(on.runs);
    assert.equal(fused.events.size, 7);
    for (const [trial, events] of unfused.events) assert.deepStrictEqual(fused.events.get(trial), events, `trial ${trial}`);
    const written = JSON.parse(readFileSync(join(fused.dir, 'spec.json'), 'utf8'));
    assert.deepEqual([written.run.workers, written.run.fuse], [2, 3]);
    assert.equal(JSON.parse(readFileSync(join(unfused.dir, 'spec.json'), 'utf8')).run.fuse, undefined, 'fusion off leaves spec.json as before');
  });
}

test('--fuse outside 1–1024 is a usage error naming the flag', () => {
  const ws = workspaceWith(smallBookSpec(2, 1));
  for (const bad of ['0', '1025', 'many']) {
    const r = runCli(['run', ws.specPath, '--out', ws.runs, '--fuse', bad]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`--fuse ${bad}`));
  }
});

test('a population that does not fit in memory is refused with what it costs and what fits', () => {
  const spec = smallBookSpec(2, 1) as { model: { hiddenSizes: number[] } };
  spec.model.hiddenSizes = [4096, 4096, 4096]; // ≈ 0.6 GB a trial: 1024 of them fit no worker
  const ws = workspaceWith(spec);
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--fuse', '1024']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /run\.fuse 1024: a population of 1024 trials of this network needs about [\d.]+ GB per worker \([\d.]+ MB a trial\)/);
  assert.match(r.stderr, /set run\.fuse \(or --fuse\) to \d+ or less|one trial does not fit/);
});
