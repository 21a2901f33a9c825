// rediss:// for real: a redis-server that speaks only TLS, with a certificate for 127.0.0.1 signed by a
// throwaway CA (openssl). Workers and the coordinator trust that CA through NODE_EXTRA_CA_CERTS, as
// docs/workers.md says; without it, and with a wrong password, the error names the URL, masked.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { haveRedis, makeTlsFiles, RedisServer, type TlsFiles } from './helpers/redis-server';
import { curves, runDir, start, startWorkers, stopAll, FAST } from './helpers/queue';
import { tempDir } from './helpers/temp';

let tls: TlsFiles | undefined;
let redis: RedisServer | undefined;
before(async () => {
  if (!haveRedis()) return;
  tls = makeTlsFiles(tempDir('hpl-tls-'));
  if (!tls) return;
  process.env.NODE_EXTRA_CA_CERTS = tls.ca; // every CLI process these tests start inherits it
  redis = await RedisServer.startTls(tls, 'tls-secret');
});
after(async () => redis?.stop());
const skip = (!haveRedis() && 'redis-server is not installed (apt-get install redis-server)') || false;

test('a search through rediss:// with a password: it trains, the curves are those of a local run', { skip }, async (t) => {
  if (!redis) return t.skip('openssl is not installed, so there is no test certificate');
  const spec = smallBookSpec(3, 2);
  const local = workspaceWith(spec);
  assert.equal(runCli(['run', local.specPath, '--out', local.runs, '--backend', 'wasm']).code, 0);

  const workers = await startWorkers(redis.url(), 1);
  try {
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    assert.equal(await r.exited, 0, r.stderr());
    assert.deepEqual(curves(runDir(ws.runs)!), curves(runDir(local.runs)!));
    assert.match(r.stderr(), /rediss:\/\/:\*\*\*@127\.0\.0\.1/);
    assert.doesNotMatch(r.stderr() + r.stdout() + workers[0]!.stderr(), /tls-secret/);
  } finally {
    await stopAll(workers);
  }
});

test('rediss:// with an untrusted certificate or a wrong password: exit 1, the URL named with its password masked', { skip }, async (t) => {
  if (!redis) return t.skip('openssl is not installed, so there is no test certificate');
  const ws = workspaceWith(smallBookSpec(1, 1));
  const untrusted = runCli(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()], { ...FAST, NODE_EXTRA_CA_CERTS: undefined });
  assert.equal(untrusted.code, 1, untrusted.stderr);
  assert.match(untrusted.stderr, /rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: cannot reach Redis: its TLS certificate is not trusted \(self-signed certificate in certificate chain\) — .*NODE_EXTRA_CA_CERTS/);
  for (const args of [['run', ws.specPath, '--out', ws.runs], ['worker']]) {
    const wrong = runCli([...args, '--queue', redis.url('wrong-password')], FAST);
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.match(wrong.stderr, /rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: Redis refused the credentials/);
    assert.doesNotMatch(wrong.stderr + wrong.stdout, /wrong-password/);
  }
  assert.equal(runDir(ws.runs), undefined, 'nothing was written');
});
