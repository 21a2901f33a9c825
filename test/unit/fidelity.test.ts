// Faithful to the book: the §6.5 search itself, 100 trials × 50 epochs on the real MNIST, through
// the real CLI on the default backend. The book's notebook: best 0.84; the original code with seed 1:
// best 0.80, median 0.12, 10 of 100 above 0.5, every one of them with lr in 2.7e-3…9.6e-3.
import { tempDir } from './helpers/temp';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { lastJson, runCli } from './helpers/cli';

const BOOK = resolve(__dirname, '..', '..', 'examples', 'book-6.5', 'search.json');

test("the book's §6.5 search reproduces the book's distribution", { timeout: 15 * 60_000 }, () => {
  const out = tempDir('hpl-fidelity-');
  const r = runCli(['run', BOOK, '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = lastJson(r.stdout);
  const vals: number[] = s.trials.map((t: any) => t.valAcc ?? 0);
  assert.equal(vals.length, 100);
  const sorted = [...vals].sort((a, b) => a - b);
  const median = (sorted[49] + sorted[50]) / 2;
  const best = sorted[99];
  const good = s.trials.filter((t: any) => (t.valAcc ?? 0) > 0.5);
  const line = `best ${best}, median ${median}, ${good.length} above 0.5, ${vals.filter((v) => v > 0.7).length} above 0.7, ${s.seconds}s on ${s.backend}`;
  process.stderr.write(`fidelity: ${line}\n`);
  assert.ok(best >= 0.7 && best <= 0.88, `best ${best} in 0.70–0.88`);
  assert.ok(median >= 0.05 && median <= 0.2, `median ${median} ≈ 0.1`);
  assert.ok(good.length >= 3, 'several trials above 0.5');
  for (const t of good) {
    const lr = t.params['training.lr'];
    assert.ok(lr >= 1e-3 && lr <= 2e-2, `trial ${t.trial} (val acc ${t.valAcc}) has lr ${lr} in 1e-3…2e-2`);
  }
  // validation accuracy moves in steps of 0.01 (100 validation images)
  for (const v of vals) assert.ok(Math.abs(v * 100 - Math.round(v * 100)) < 1e-9);
  // the learning rate dominates, as the book concludes
  assert.ok(s.importance['training.lr'] > s.importance['training.weightDecay']);
});
