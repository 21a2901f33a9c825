// The queue's words under a Japanese locale (LANG=ja_JP.UTF-8), against a real redis-server: a
// malformed URL, Redis unreachable, a wrong password, an untrusted TLS certificate, no worker
// connected, and a worker that refuses a trial for want of its data. Exit codes, --json and the
// run's files stay as they are in English; passwords stay masked.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastJson, runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { dataWorkspace, idxBytes, LABELS } from './helpers/bad-data';
import { freePort, haveRedis, makeTlsFiles, RedisServer } from './helpers/redis-server';
import { events, runDir, start, stopAll, until, FAST, type Proc } from './helpers/queue';
import { tempDir } from './helpers/temp';

const JAPANESE = { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const ENGLISH = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

let redis: RedisServer;
before(async () => {
  if (haveRedis()) redis = await RedisServer.start('ja-secret');
});
after(async () => redis?.stop());
const skip = !haveRedis() && 'redis-server is not installed (apt-get install redis-server)';

test('LANG=ja: a malformed URL (exit 2), Redis unreachable and a wrong password (exit 1) in Japanese, the password masked', { skip }, async () => {
  const ws = workspaceWith(smallBookSpec(1, 1));
  const bad = runCli(['run', ws.specPath, '--out', ws.runs, '--queue', 'http://:hunter2@x:1'], { ...FAST, ...JAPANESE });
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /^hparam-lab: --queue http:\/\/:\*\*\*@x:1: スキームが "http" です.*redis:\/\/\[user:password@\]host:port\[\/db\]/);
  assert.match(bad.stderr, /使い方:/);
  const badWorker = runCli(['worker', '--queue', 'redis://h:port'], { ...FAST, ...JAPANESE });
  assert.equal(badWorker.code, 2, badWorker.stderr);
  assert.match(badWorker.stderr, /--queue redis:\/\/h:port: URL ではありません/);

  const closed = await freePort();
  const unreachable = runCli(['run', ws.specPath, '--out', ws.runs, '--queue', `redis://:s3cret@127.0.0.1:${closed}`], { ...FAST, ...JAPANESE });
  assert.equal(unreachable.code, 1, unreachable.stderr);
  assert.match(unreachable.stderr, new RegExp(`redis://:\\*\\*\\*@127\\.0\\.0\\.1:${closed}: Redis に接続できません\\(.*ECONNREFUSED.*\\) — そのホストで redis-server が動いていて`));

  for (const args of [['run', ws.specPath, '--out', ws.runs], ['worker']]) {
    const wrong = runCli([...args, '--queue', redis.url('wrong-password')], { ...FAST, ...JAPANESE });
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.match(wrong.stderr, /redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: Redis が認証情報を拒否しました\(WRONGPASS/);
    assert.doesNotMatch(wrong.stderr + wrong.stdout, /wrong-password|cannot reach|refused the credentials/);
  }
  assert.equal(runDir(ws.runs), undefined, 'nothing was written');
});

test('LANG=ja: rediss:// with an untrusted certificate says so in Japanese and names NODE_EXTRA_CA_CERTS (exit 1)', { skip }, async (t) => {
  const tls = makeTlsFiles(tempDir('hpl-tls-ja-'));
  if (!tls) return t.skip('openssl is not installed, so there is no test certificate');
  const server = await RedisServer.startTls(tls);
  try {
    const ws = workspaceWith(smallBookSpec(1, 1));
    const r = runCli(['run', ws.specPath, '--out', ws.runs, '--queue', server.url()], { ...FAST, ...JAPANESE, NODE_EXTRA_CA_CERTS: undefined });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /rediss:\/\/127\.0\.0\.1:\d+: Redis に接続できません: TLS 証明書が信頼されていません\(self-signed certificate in certificate chain\) — .*NODE_EXTRA_CA_CERTS/);
  } finally {
    await server.stop();
  }
});

test('LANG=ja: no worker connected: the run says it waits in Japanese, run.json keeps the English note; Ctrl-C still exits 130', { skip }, async () => {
  const ws = workspaceWith(smallBookSpec(1, 1));
  const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()], JAPANESE);
  await until(() => /redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ に接続しているワーカーがありません: ワーカーが来るまで実行は待ちます — `hparam-lab worker --queue redis:\/\/:\*\*\*@/.test(r.stderr()), `the run to say it waits: ${r.stderr()}`);
  await until(() => !!runDir(ws.runs) && events(runDir(ws.runs)!).some((e) => e.type === 'start'), 'the trial to be queued');
  const meta = JSON.parse(readFileSync(join(runDir(ws.runs)!, 'run.json'), 'utf8'));
  assert.match(meta.backendNote, /^no worker is connected to redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: the run waits for one/);
  r.child.kill('SIGINT');
  assert.equal(await r.exited, 130, r.stderr());
  assert.doesNotMatch(r.stderr(), /ja-secret/);
});

test('LANG=ja: a worker without the data refuses the trial in Japanese, and the coordinator says so; exit 1 and --json as in English, the error in trials.jsonl English', { skip }, async () => {
  const d = dataWorkspace();
  const spec = JSON.parse(readFileSync(d.specPath, 'utf8'));
  spec.search.trials = 1;
  writeFileSync(d.specPath, JSON.stringify(spec));
  const outputs: Record<string, { code: number | null; stderr: string; json: any; dir: string; worker: string }> = {};
  try {
    for (const [name, env] of [['ja', JAPANESE], ['en', ENGLISH]] as const) {
      const out = join(d.runs, name);
      const r = start(['run', d.specPath, '--out', out, '--queue', redis.url(), '--json'], env);
      await until(() => !!runDir(out) && events(runDir(out)!).some((e) => e.type === 'start'), 'the trial to be queued');
      const good = readFileSync(join(d.data, LABELS));
      writeFileSync(join(d.data, LABELS), idxBytes([3], Uint8Array.from([1, 2, 3]))); // other bytes: no folder matches now
      const worker: Proc = start(['worker', '--queue', redis.url(), '--backend', 'js'], env);
      const code = await r.exited;
      await stopAll([worker]);
      writeFileSync(join(d.data, LABELS), good);
      outputs[name] = { code, stderr: r.stderr(), json: lastJson(r.stdout()), dir: runDir(out)!, worker: worker.stderr() };
    }
    const { ja, en } = outputs as Record<'ja' | 'en', (typeof outputs)[string]>;
    assert.equal(ja.code, 1, ja.stderr);
    assert.equal(en.code, 1, en.stderr);
    assert.match(ja.worker, /試行を待っています/);
    assert.match(ja.worker, /試行 0: ワーカー \S+ はこの試行を断りました: 同じ IDX データ\(train-images-idx3-ubyte \(SHA-256 [0-9a-f]{12}…\).*--data FOLDER を付けてワーカーを起動してください/);
    assert.match(ja.stderr, /試行 0: ワーカー \S+ はこの試行を断りました/);
    assert.match(en.worker, /trial 0: worker \S+ refuses this trial: it has no folder with the same IDX data/);
    assert.match(en.stderr, /trial 0: worker \S+ refuses this trial/);
    const strip = (j: any) => ({ ...j, run: undefined, seconds: undefined });
    assert.deepEqual(strip(ja.json), strip(en.json), 'the JSON does not depend on the locale');
    for (const o of [ja, en]) {
      const [end] = events(o.dir).filter((e) => e.type === 'end');
      assert.ok(end?.type === 'end' && end.status === 'failed');
      assert.match(end.error ?? '', /^worker \S+ refuses this trial: it has no folder with the same IDX data/, 'the log keeps the English words');
    }
  } finally {
    d.cleanup();
  }
});
