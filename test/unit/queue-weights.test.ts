// Kept weights through the queue (issue 16 on issue 15's workers): `run --queue` keeps the same
// weights/trial-NNNN.npz as a local run, and Redis keeps none of them once the run is over.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { Redis } from 'ioredis';
import { runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { haveRedis, RedisServer } from './helpers/redis-server';
import { runDir, start, startWorkers, stopAll } from './helpers/queue';

let redis: RedisServer;
before(async () => {
  if (haveRedis()) redis = await RedisServer.start();
});
after(async () => redis?.stop());
const skip = !haveRedis() && 'redis-server is not installed (apt-get install redis-server)';

/** file name → its .npy entries' bytes (the zip's own timestamps left out: they say when, not what). */
function keptWeights(dir: string): Map<string, Record<string, Uint8Array>> {
  const weights = join(dir, 'weights');
  if (!existsSync(weights)) return new Map();
  return new Map(readdirSync(weights).sort().map((f) => [f, unzipSync(readFileSync(join(weights, f)))]));
}

test('run --queue keeps the same .npz files as a local run, and leaves no weights behind in Redis', { skip }, async () => {
  const spec = smallBookSpec(6, 2) as any;
  spec.search.keepWeights = 3;
  const local = workspaceWith(spec);
  const l = runCli(['run', local.specPath, '--out', local.runs, '--backend', 'wasm']);
  assert.equal(l.code, 0, l.stderr);
  const expected = keptWeights(runDir(local.runs)!);
  assert.equal(expected.size, 3, 'the local run keeps search.keepWeights files');

  const workers = await startWorkers(redis.url(), 2);
  try {
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    assert.equal(await r.exited, 0, r.stderr());
    assert.deepEqual(keptWeights(runDir(ws.runs)!), expected);
  } finally {
    await stopAll(workers);
  }
  const client = new Redis(redis.url());
  try {
    assert.deepEqual(await client.keys('hparam-lab:weights:*'), [], 'the coordinator took every trial\'s weights out of Redis');
    const results = await client.keys('bull:hparam-lab-trials:*');
    for (const key of results) {
      if ((await client.type(key)) !== 'hash') continue;
      const returned = await client.hget(key, 'returnvalue');
      if (returned) assert.ok(returned.length < 1000, `${key}: a job's result stays small (${returned.length} characters)`);
    }
  } finally {
    client.disconnect();
  }
});
