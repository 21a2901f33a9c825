// What a population of K costs and the refusal of a K that does not fit: memberBytes bounds what a
// member really allocates over its whole life (optimizer states come at the first step), a worker's
// budget is its share of half the machine's memory, and the CLI says the cost, a trial's share and
// what to set, in English and in Japanese.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import type { OptimizerName } from '../../src/core/spec/types';
import type { SyncBackend } from '../../src/core/train/backend';
import { createWasmBackend } from '../../src/core/train/backends/wasm';
import { PopulationMember } from '../../src/core/train/population-member';
import { memberBytes, resolveFuse, workerBudgetBytes } from '../../src/core/train/population-size';
import { fuseRefusalMessage } from '../../src/core/session/fuse-refusal';
import { runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { prototypeDataset, trialConfig } from './helpers/train-fixtures';

const MB = 1e6;

/** `backend`, counting the bytes of every buffer allocated on it. */
function allocationCounter(backend: SyncBackend): { backend: SyncBackend; bytes: () => number } {
  let bytes = 0;
  const counted = new Proxy(backend, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (key === 'alloc') return (rows: number, cols: number) => ((bytes += rows * cols * 4), target.alloc(rows, cols));
      if (key === 'allocInts') return (length: number) => ((bytes += length * 4), target.allocInts(length));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { backend: counted, bytes: () => bytes };
}

test("memberBytes is an upper estimate of all a member of the book's net allocates, and not a loose one", async () => {
  const data = prototypeDataset(400, 100, 784, 10, 3); // the book's shape: 400 training rows, 100 validation
  const shape = { inputSize: 784, classes: 10, trainRows: 400, valRows: 100 };
  for (const [batchNorm, dropout, optimizer] of [[false, 0, 'sgd'], [false, 0, 'adam'], [true, 0.2, 'adam'], [true, 0, 'momentum']] as [boolean, number, OptimizerName][]) {
    const config = trialConfig({ hiddenSizes: [100, 100, 100, 100, 100, 100], batchNorm, dropout }, { epochs: 2, batchSize: 100, optimizer });
    const { backend, bytes } = allocationCounter(await createWasmBackend());
    const member = new PopulationMember(config, data, backend, 1, { onEpoch: () => false });
    while (!(await member.step()));
    const estimate = memberBytes(config, shape);
    const what = `${optimizer}, batch norm ${batchNorm}, dropout ${dropout}: ${(bytes() / MB).toFixed(1)} MB allocated, ${(estimate / MB).toFixed(1)} MB estimated`;
    assert.ok(bytes() > 0 && bytes() + (1 << 20) <= estimate, what); // the kernels' own megabyte (scratch, statics) on top
    assert.ok(estimate < 3 * bytes(), `${what}: a loose estimate refuses populations that fit`);
  }
});

test('a worker may use half of the memory split among the workers; a K over it is refused with its cost and what fits', () => {
  assert.equal(workerBudgetBytes(32e9, 2), 8e9);
  assert.equal(workerBudgetBytes(32e9, 8), 2e9);
  assert.equal(workerBudgetBytes(32e9, 0), 16e9);
  const perTrial = 15.4 * MB;
  assert.deepEqual(resolveFuse(64, 'wasm', perTrial, 1e9), { fuse: 64 });
  assert.deepEqual(resolveFuse('auto', 'wasm', perTrial, 1), { fuse: 1 }, 'auto is 1 on wasm: nothing to refuse');
  const refused = resolveFuse(100, 'js', perTrial, 1e9);
  assert.ok('error' in refused);
  assert.deepEqual(refused.refusal, { wanted: 100, memberBytes: perTrial, budgetBytes: 1e9, fits: 64 });
  assert.equal(
    refused.error,
    'run.fuse 100: a population of 100 trials of this network needs about 1.5 GB per worker (15.4 MB a trial), more than the 1.0 GB ' +
      'a worker may use here (half of the memory, shared by the workers); set run.fuse (or --fuse) to 64 or less',
  );
  const none = resolveFuse(2, 'wasm', 2e9, 1e9);
  assert.ok('error' in none && none.refusal.fits === 0);
  assert.match(fuseRefusalMessage(none.refusal), /one trial does not fit: use fewer workers, a smaller network, or run\.fuse 1 \(no population\)$/);
  const gpu = resolveFuse(8, 'gpu', 2e9, 1e9);
  assert.deepEqual(gpu, { fuse: 1, note: 'run.fuse 8: the gpu backend trains one trial per worker for now; fusion runs on js and wasm' });
});

/** `trials` trials of `depth` layers of 4096 (the refusal comes before any trains). */
function bigNet(depth: number, trials: number): object {
  const spec = smallBookSpec(trials, 1) as { model: { hiddenSizes: number[] } };
  spec.model.hiddenSizes = Array.from({ length: depth }, () => 4096);
  return spec;
}

const refusedFits = (stderr: string) => Number(/to (\d+) or less/.exec(stderr)?.[1]);

test('through the CLI: fewer workers let more trials fit, and each refusal says what fits; nothing is run', () => {
  const ws = workspaceWith(bigNet(3, 2)); // ≈ 0.8 GB a trial
  const two = runCli(['run', ws.specPath, '--out', ws.runs, '--fuse', '1024', '--workers', '2']);
  const one = runCli(['run', ws.specPath, '--out', ws.runs, '--fuse', '1024', '--workers', '1']);
  for (const r of [two, one]) {
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^hparam-lab: run\.fuse 1024: a population of 1024 trials of this network needs about [\d.]+ GB per worker \([\d.]+ MB a trial\), more than the [\d.]+ [MG]B a worker may use here/);
  }
  assert.ok(refusedFits(two.stderr) >= 1, two.stderr);
  assert.ok(refusedFits(one.stderr) >= 2 * refusedFits(two.stderr), `${one.stderr}\n${two.stderr}`);
  assert.deepEqual(existsSync(ws.runs) ? readdirSync(ws.runs) : [], [], 'no run folder is left');
});

test('LANG=ja_JP.UTF-8: the refusal in Japanese, with the same numbers, and the advice when not even one trial fits', () => {
  const ja = { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const ws = workspaceWith(bigNet(3, 2));
  const en = runCli(['run', ws.specPath, '--out', ws.runs, '--fuse', '1024']);
  const jp = runCli(['run', ws.specPath, '--out', ws.runs, '--fuse', '1024'], ja);
  assert.equal(jp.code, 1, jp.stderr);
  assert.match(jp.stderr, /^hparam-lab: run\.fuse 1024: このネットワークの試行 1024 個をまとめて学習するには、ワーカー 1 つあたり約 [\d.]+ GB\(1 試行あたり [\d.]+ MB\)のメモリが必要で/);
  assert.match(jp.stderr, /run\.fuse\(または --fuse\)を \d+ 以下にしてください\n$/);
  const numbers = (s: string) => s.match(/\d+(\.\d+)? [MG]B|\d+ (or less|以下)/g)!.map((n) => n.replace(/ (or less|以下)/, ''));
  assert.deepEqual(numbers(jp.stderr), numbers(en.stderr));

  // ≈ 0.8 GB a trial (the spec allows no bigger) over 256 workers: not one fits a worker's share on any machine under ≈ 390 GB
  const huge = workspaceWith(bigNet(3, 256));
  const none = runCli(['run', huge.specPath, '--out', huge.runs, '--fuse', '2', '--workers', '256'], ja);
  assert.equal(none.code, 1, none.stderr);
  assert.match(none.stderr, /1 試行も収まりません: ワーカーを減らすか、ネットワークを小さくするか、run\.fuse を 1\(まとめずに学習\)にしてください\n$/);
});
