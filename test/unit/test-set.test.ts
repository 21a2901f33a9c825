// Kept weights and the test set, through the built CLI: the .npz files numpy loads with the book's
// names and shapes, whose forward pass in numpy on the run's validation rows gives the recorded
// val acc; `hparam-lab test` equal to numpy on the t10k files; only the top K files kept;
// keepWeights 0 writes nothing; a damaged .npz is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastJson, runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { readRun } from '../../src/core/runs/store';
import { rankTrials } from '../../src/core/search/ranking';
import { loadDataset, mnistDir } from '../../src/core/data/load';
import { npzBytes } from '../../src/core/runs/npz';

const PYTHON = '/usr/bin/python3';
const numpy = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const skip = numpy ? false : `numpy is absent (${PYTHON} -c "import numpy" failed): apt-get install python3-numpy`;

/** 4 trials × 2 epochs on 100 images, a small net; `model` adds batch norm / dropout. */
function tinySpec(keepWeights: number, model: object = {}): any {
  const spec = smallBookSpec(4, 2, 'js') as any;
  spec.data.trainSize = 100;
  spec.model = { ...spec.model, hiddenSizes: [20, 20], ...model };
  spec.training.batchSize = 20;
  spec.training.lr = 0.1;
  spec.search.params = { 'training.lr': { log10: [-2, 0] } };
  spec.search.keepWeights = keepWeights;
  return spec;
}

function runSpec(spec: object) {
  const ws = workspaceWith(spec);
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return { ws, dir: lastJson(r.stdout).run as string };
}

/** numpy's forward in test mode (the book's predict(train_flg=False)): accuracy of each .npz on x, t. */
const FORWARD = `
import numpy as np, sys, json
def accuracy(w, x, t, layers, bn, dropout):
    h = x.astype(np.float64)
    for l in range(1, layers + 1):
        h = h @ w['W%d' % l] + w['b%d' % l]
        if l == layers: break
        if bn: h = w['gamma%d' % l] * (h - w['running_mean%d' % l]) / np.sqrt(w['running_var%d' % l] + 10e-7) + w['beta%d' % l]
        h = np.maximum(h, 0)
        if dropout: h = h * (1 - dropout)
    return float(np.mean(np.argmax(h, axis=1) == t))
`;

function python(code: string): any {
  const r = spawnSync(PYTHON, ['-c', FORWARD + code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

for (const variant of [{ name: 'plain', model: {}, bn: false, dropout: 0 }, { name: 'batch norm and dropout', model: { batchNorm: true, dropout: 0.2 }, bn: true, dropout: 0.2 }]) {
  test(`kept weights (${variant.name}): numpy loads the book's names and shapes, val acc and test acc agree with numpy; only the top K kept`, { skip }, () => {
    const { ws, dir } = runSpec(tinySpec(2, variant.model));
    const run = readRun(dir);
    const top = rankTrials(run.trials).slice(0, 2).map((r) => r.trial);
    const files = readdirSync(join(dir, 'weights')).sort();
    assert.deepEqual(files, top.sort((a, b) => a - b).map((t) => `trial-${String(t).padStart(4, '0')}.npz`), 'exactly the top 2 by val acc');

    // the validation rows, for numpy, through our own writer
    const data = loadDataset(run.spec.data, ws.dir);
    const valFile = join(ws.dir, 'val.npz');
    writeFileSync(valFile, npzBytes({ x: { shape: [data.tVal.length, data.inputSize], data: data.xVal }, t: { shape: [data.tVal.length], data: Float32Array.from(data.tVal) } }));
    const bnNames = variant.bn ? ['gamma1', 'beta1', 'running_mean1', 'running_var1', 'gamma2', 'beta2', 'running_mean2', 'running_var2'] : [];
    const checked = python(`
w = np.load(${JSON.stringify(join(dir, 'weights', files[0]))})
v = np.load(${JSON.stringify(valFile)})
shapes = {k: list(w[k].shape) for k in w.files}
dtypes = sorted({str(w[k].dtype) for k in w.files})
accs = {f: accuracy(np.load(${JSON.stringify(join(dir, 'weights'))} + '/' + f), v['x'], v['t'].astype(np.int64), 3, ${variant.bn ? 'True' : 'False'}, ${variant.dropout}) for f in ${JSON.stringify(files)}}
print(json.dumps({'shapes': shapes, 'dtypes': dtypes, 'accs': accs}))`);
    const expected: Record<string, number[]> = { W1: [784, 20], b1: [20], W2: [20, 20], b2: [20], W3: [20, 10], b3: [10] };
    for (const name of bnNames) expected[name] = [20];
    assert.deepEqual(checked.shapes, expected);
    assert.deepEqual(checked.dtypes, ['float32']);
    for (const f of files) {
      const trial = Number(/\d+/.exec(f)![0]);
      assert.equal(checked.accs[f], run.state.trials.get(trial)!.valAcc, `${f}: numpy's val acc is the recorded one`);
    }

    const scored = runCli(['test', dir, '--json']);
    assert.equal(scored.code, 0, scored.stderr);
    const report = lastJson(scored.stdout);
    assert.deepEqual(report.trials.map((s: any) => s.trial), rankTrials(run.trials).slice(0, 2).map((r) => r.trial), 'best first');
    assert.equal(report.data.images, 10000);
    assert.ok(existsSync(join(dir, 'test.json')));
    const numpyTest = python(`
def idx(p):
    b = open(p, 'rb').read(); n = b[3]; dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], 'big') for i in range(n)]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * n).reshape(dims)
x = idx(${JSON.stringify(join(mnistDir(), 't10k-images-idx3-ubyte'))}).reshape(10000, -1).astype(np.float32) / 255
t = idx(${JSON.stringify(join(mnistDir(), 't10k-labels-idx1-ubyte'))}).astype(np.int64)
print(json.dumps([accuracy(np.load(${JSON.stringify(join(dir, 'weights'))} + '/' + f), x, t, 3, ${variant.bn ? 'True' : 'False'}, ${variant.dropout}) for f in ${JSON.stringify(report.trials.map((s: any) => `trial-${String(s.trial).padStart(4, '0')}.npz`))}]))`);
    assert.deepEqual(report.trials.map((s: any) => s.testAcc), numpyTest, 'test acc as numpy computes it');
  });
}

test('keepWeights 0 writes nothing, and `test` says how to keep weights; a damaged .npz is named', () => {
  const { dir } = runSpec(tinySpec(0));
  assert.equal(existsSync(join(dir, 'weights')), false);
  const none = runCli(['test', dir]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no kept weights.*search\.keepWeights/);

  const kept = runSpec(tinySpec(1)).dir;
  const [file] = readdirSync(join(kept, 'weights'));
  writeFileSync(join(kept, 'weights', file), 'not a zip');
  const damaged = runCli(['test', kept]);
  assert.equal(damaged.code, 1);
  assert.ok(damaged.stderr.includes(join(kept, 'weights', file)), damaged.stderr);
  assert.match(damaged.stderr, /not a readable \.npz/);
});

test("the extension's test-set thread (dist/test-set-worker.js) scores as `hparam-lab test` does", async () => {
  const { dir } = runSpec(tinySpec(2));
  const cli = lastJson(runCli(['test', dir, '--json']).stdout);
  const { runTaskThread } = await import('../../src/extension/task-thread');
  let progressed = 0;
  const report = await runTaskThread<any>('test-set-worker.js', dir, (done) => (progressed = done));
  assert.ok(progressed > 0, 'the thread reports its progress');
  assert.deepEqual(report.trials.map((s: any) => [s.trial, s.testAcc]), cli.trials.map((s: any) => [s.trial, s.testAcc]));
});

test("a trial's tooltip shows test acc beside val acc only once the run was scored", async () => {
  const { trialTooltip } = await import('../../src/extension/logic/tree-model');
  const { untranslated } = await import('../../src/core/translate');
  const { trial } = await import('./helpers/ext-fixtures');
  const record = trial(3, 0.81, { 'training.lr': 0.01 });
  assert.ok(!trialTooltip(record, 50, untranslated).includes('test acc'));
  assert.match(trialTooltip(record, 50, untranslated, undefined, 0.7934), /test acc 0\\\.7934 \\\(reported only: val acc chooses/);
});
