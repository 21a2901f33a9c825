// The real CLI against hostile files: 50 generated invalid specs (fixed seed, the generator of
// fuzz-spec.test.ts) plus a 10 MB file and bytes that are not UTF-8, each a real process. Each must
// exit 2 with `file:line:col:` on stderr, print no stack trace, create no runs folder, and end on
// its own (a hang is killed by the timeout and fails the case).
import { tempDir } from './helpers/temp';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadSpec } from '../../src/core/load-spec';
import { CLI } from './helpers/cli';
import { hostileCase, tenMegabytes } from './helpers/fuzz-specs';

const CASES = 50;
const HANG_GUARD_MS = 30_000;
const PARALLEL = 3;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

function runCli(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: HANG_GUARD_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function inParallel<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function checkRefused(o: Outcome, file: string, runs: string, label: string): void {
  assert.equal(o.signal, null, `${label}: killed (${o.signal}) — a hang`);
  assert.equal(o.code, 2, `${label}: exit ${o.code}\n${o.stderr}`);
  assert.match(o.stderr, new RegExp(`^${escape(file)}:\\d+:\\d+: `, 'm'), `${label}: no file:line:col\n${o.stderr}`);
  assert.doesNotMatch(o.stderr, /^\s+at .+:\d+:\d+\)?$/m, `${label}: a stack trace\n${o.stderr}`);
  assert.doesNotMatch(o.stderr, /internal error/, label);
  assert.equal(o.stdout, '', label);
  assert.equal(existsSync(runs), false, `${label}: the runs folder was created`);
}

test(`fuzz: ${CASES} hostile specs through the real CLI exit 2 with file:line:col, no stack trace, nothing created`, async () => {
  const root = tempDir('hpl-fuzz-cli-');
  // the invalid ones, as the validator in-process judges them: a valid spec would start training
  const cases = fc
    .sample(hostileCase, { numRuns: 400, seed: 20261202 })
    .map((c, i) => {
      const file = join(root, `case-${i}.search.json`);
      writeFileSync(file, c.bytes);
      return { ...c, file, runs: join(root, `runs-${i}`) };
    })
    .filter((c) => loadSpec(c.file).spec === undefined)
    .slice(0, CASES);
  assert.equal(cases.length, CASES);
  const outcomes = await inParallel(cases, PARALLEL, (c) => runCli(['run', c.file, '--out', c.runs]));
  cases.forEach((c, i) => checkRefused(outcomes[i]!, c.file, c.runs, c.label));
  assert.ok(cases.some((c) => c.spoiled), 'some cases are not UTF-8');
});

test('fuzz: a 10 MB file and bytes that are not UTF-8 are refused by the CLI at 1:1', async () => {
  const root = tempDir('hpl-fuzz-cli-');
  const huge = join(root, 'huge.search.json');
  writeFileSync(huge, tenMegabytes());
  const binary = join(root, 'binary.search.json');
  writeFileSync(binary, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x80, 0x22, 0x7d]));
  const runs = join(root, 'runs');
  const [a, b] = await Promise.all([runCli(['run', huge, '--out', runs]), runCli(['run', binary, '--out', runs, '--json'])]);
  checkRefused(a!, huge, runs, '10 MB');
  assert.match(a!.stderr, /huge\.search\.json:1:1: is 10,485,8\d\d bytes, more than the 1 MB/);
  checkRefused(b!, binary, runs, 'not UTF-8');
  assert.match(b!.stderr, /binary\.search\.json:1:1: is not UTF-8 text/);
});
