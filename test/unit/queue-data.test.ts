// Data identity through the queue: an IDX folder travels as the SHA-256 of its files; a worker
// trains only on the same bytes (the coordinator's folder, or one given with --data), else it
// refuses the trial with a clear message. And the queue URL: parsed, and never shown with its password.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataWorkspace, LABELS, idxBytes, goodLabels } from './helpers/bad-data';
import { haveRedis, RedisServer } from './helpers/redis-server';
import { events, runDir, start, startWorkers, stopAll, until } from './helpers/queue';
import { tempDir } from './helpers/temp';
import { maskUrl, parseQueueUrl, QueueUrlError } from '../../src/queue/redis-url';
import { dataIdentity, findData } from '../../src/queue/data-identity';
import { trialTooltip } from '../../src/extension/logic/tree-model';

let redis: RedisServer;
before(async () => {
  if (haveRedis()) redis = await RedisServer.start();
});
after(async () => redis?.stop());
const skip = !haveRedis() && 'redis-server is not installed (apt-get install redis-server)';

/** Other bytes under the same names: a label changed. */
function spoil(dir: string): void {
  const labels = goodLabels();
  labels[0] = 9;
  writeFileSync(join(dir, LABELS), idxBytes([labels.length], labels));
}

test('a worker without the same IDX bytes refuses the trial, saying which files and where it looked; with --data FOLDER of the same bytes it trains', { skip }, async () => {
  const d = dataWorkspace();
  const spec = JSON.parse(readFileSync(d.specPath, 'utf8'));
  spec.search.trials = 1;
  writeFileSync(d.specPath, JSON.stringify(spec));
  try {
    // 1. the trial is queued with the folder's hashes; then the coordinator's folder holds other bytes
    const refused = start(['run', d.specPath, '--out', join(d.runs, 'a'), '--queue', redis.url()]);
    await until(() => /no worker is connected/.test(refused.stderr()) && queued(join(d.runs, 'a')), 'the trial to be queued');
    const original = join(tempDir('hpl-data-copy-'), 'digits');
    cpSync(d.data, original, { recursive: true });
    spoil(d.data);
    const [refusing] = await startWorkers(redis.url(), 1);
    assert.equal(await refused.exited, 1, 'its only trial failed');
    await stopAll([refusing!]);
    const [end] = events(runDir(join(d.runs, 'a'))!).filter((e) => e.type === 'end');
    assert.ok(end?.type === 'end' && end.status === 'failed');
    assert.match(end.error ?? '', /refuses this trial: it has no folder with the same IDX data \(train-images-idx3-ubyte \(SHA-256 [0-9a-f]{12}…\), train-labels-idx1-ubyte .*start the worker with --data FOLDER/);

    // 2. queued with the spoilt folder's hashes; the coordinator's folder changes again; a worker given
    //    a folder with those bytes (and one with the original ones) trains it there
    const trained = start(['run', d.specPath, '--out', join(d.runs, 'b'), '--queue', redis.url()]);
    await until(() => queued(join(d.runs, 'b')), 'the trial to be queued');
    const spoilt = join(tempDir('hpl-data-spoilt-'), 'digits');
    cpSync(d.data, spoilt, { recursive: true });
    writeFileSync(join(d.data, LABELS), idxBytes([3], Uint8Array.from([1, 2, 3])));
    const [withData] = await startWorkers(redis.url(), 1, ['--data', original, '--data', spoilt]);
    assert.equal(await trained.exited, 0, trained.stderr());
    await stopAll([withData!]);
    const ends = events(runDir(join(d.runs, 'b'))!).filter((e) => e.type === 'end');
    assert.deepEqual(ends.map((e) => e.type === 'end' && e.status), ['completed']);
  } finally {
    d.cleanup();
  }
});

/** The run's first trial is queued (its identity computed) once its start is on disk. */
const queued = (runs: string) => !!runDir(runs) && events(runDir(runs)!).some((e) => e.type === 'start');

test('findData matches folders by content only, whatever their path', () => {
  const a = join(tempDir('hpl-id-'), 'a');
  const d = dataWorkspace();
  try {
    cpSync(d.data, a, { recursive: true });
    const identity = dataIdentity({ source: { idx: 'digits' }, trainSize: 10, validationRate: 0.2, seed: 1 }, d.ws);
    assert.equal(findData(identity, '/nonexistent', [a], 'h'), a);
    spoil(a);
    assert.throws(() => findData(identity, '/nonexistent', [a], 'h'), /worker h refuses this trial/);
    assert.equal(findData('mnist', '/nonexistent', [], 'h'), undefined);
  } finally {
    d.cleanup();
  }
});

test('queue URLs: user, password, db and TLS parsed; malformed ones named with the password masked', () => {
  const u = parseQueueUrl('rediss://alice:p%40ss@redis.example:6380/3');
  assert.deepEqual([u.options.username, u.options.password, u.options.host, u.options.port, u.options.db, !!u.options.tls], ['alice', 'p@ss', 'redis.example', 6380, 3, true]);
  assert.equal(u.shown, 'rediss://alice:***@redis.example:6380/3');
  assert.equal(maskUrl('redis://:secret@h:1'), 'redis://:***@h:1');
  for (const [bad, why] of [['redis://:pw@h:1/x', /database "x"/], ['http://:pw@h:1', /scheme is "http"/], ['redis://:pw@h:99999', /not a URL/]] as const) {
    assert.throws(() => parseQueueUrl(bad), (e: Error) => e instanceof QueueUrlError && why.test(e.message) && !e.message.includes('pw@'));
  }
});

test("the tree's trial tooltip names the host a queue worker trained it on, and only then", () => {
  const trial = { trial: 3, seed: 1, params: {}, backend: 'wasm' as const, status: 'completed' as const, curve: [] };
  const t = (m: string, ...a: Array<string | number | boolean>) => m.replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)]));
  assert.match(trialTooltip({ ...trial, host: 'gpu-box-2' }, 5, t), /trained on gpu\\-box\\-2 \\\(a queue worker\\\)/, 'the host, escaped as markdown text');
  assert.doesNotMatch(trialTooltip(trial, 5, t), /trained on/);
});
