import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGS, cliLocale, columns } from '../../src/cli/l10n';
import { SHARED_WORDS, translatedLiterals } from '../../scripts/l10n-bundle';
import { lastJson, runCli, workspaceWith } from './helpers/cli';

const JAPANESE = { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const ENGLISH = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();

/** The first-argument literals of the CLI's t(...) calls (and the queue's and the population's, which the CLI words through t): the messages it can print. */
function cliMessages(): string[] {
  const files = ['src/cli', 'src/queue'].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)));
  return [...new Set([...files, ...SHARED_WORDS].flatMap(translatedLiterals))];
}

test('every message the CLI prints has a Japanese entry with the same placeholders, and no entry is stale', () => {
  const messages = cliMessages();
  const ja = CATALOGS.ja!;
  assert.ok(messages.includes('val acc') && messages.includes('usage:'));
  assert.deepEqual(messages.filter((m) => !(m in ja)), [], 'missing from src/cli/messages.ja.json');
  assert.deepEqual(Object.keys(ja).filter((k) => !messages.includes(k)), [], 'no longer printed');
  for (const m of messages) assert.deepEqual(placeholders(ja[m]!), placeholders(m), m);
});

test('the locale follows LC_ALL, then LC_MESSAGES, then LANG; only ja is translated', () => {
  assert.equal(cliLocale({ LANG: 'ja_JP.UTF-8' }), 'ja');
  assert.equal(cliLocale({ LANG: 'ja' }), 'ja');
  assert.equal(cliLocale({ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' }), 'en');
  assert.equal(cliLocale({ LC_MESSAGES: 'ja_JP.eucJP', LANG: 'en_US.UTF-8' }), 'ja');
  assert.equal(cliLocale({ LC_ALL: '', LC_MESSAGES: '', LANG: 'ja_JP.UTF-8' }), 'ja');
  assert.equal(cliLocale({ LANG: 'fr_FR.UTF-8' }), 'en');
  assert.equal(cliLocale({}), 'en');
});

test('LANG=ja_JP.UTF-8: usage and an invalid spec in Japanese, same exit codes and file:line:col errors', () => {
  const usage = runCli([], JAPANESE);
  assert.equal(usage.code, 2);
  assert.match(usage.stdout, /^使い方:/);
  assert.match(usage.stdout, /hparam-lab run SPEC/, 'the synopsis stays as it is');

  const unknown = runCli(['frobnicate', 'x'], JAPANESE);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^hparam-lab: 不明なコマンド "frobnicate"\n\n使い方:/);

  const ws = workspaceWith({ search: { params: {} } });
  writeFileSync(ws.specPath, '{\n  "training": { "epochs": 0 },\n  "search": { "trials": 1, "params": { "training.lr": { "log10": [-3, -2] } } }\n}\n');
  const invalid = runCli(['run', ws.specPath, '--out', ws.runs], JAPANESE);
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /search\.json:2:\d+: training\.epochs/);
  assert.match(invalid.stderr, /何も実行しませんでした/);
  assert.equal(existsSync(ws.runs), false);
});

test('LANG=ja_JP.UTF-8: progress, ranked table and summary in Japanese, columns aligned, --json unchanged', () => {
  const spec = {
    name: 'tiny',
    data: { source: 'mnist', trainSize: 200, validationRate: 0.2, seed: 1 },
    model: { hiddenSizes: [20] },
    training: { epochs: 2, batchSize: 50 },
    search: { method: 'random', trials: 3, seed: 1, params: { 'training.lr': { log10: [-3, -1] } } },
    run: { workers: 1, backend: 'wasm' },
  };
  const ws = workspaceWith(spec);
  const ja = runCli(['run', ws.specPath, '--out', ws.runs, '--json'], JAPANESE);
  const en = runCli(['run', ws.specPath, '--out', ws.runs, '--json'], ENGLISH);
  assert.equal(ja.code, 0, ja.stderr);
  assert.equal(en.code, 0, en.stderr);

  const strip = (s: { run: string; seconds: number }) => ({ ...s, run: undefined, seconds: undefined });
  assert.deepEqual(strip(lastJson(ja.stdout)), strip(lastJson(en.stdout)), 'the JSON does not depend on the locale');
  assert.equal(ja.stdout.trim().split('\n').length, 1, 'with --json, stdout holds only the JSON');

  assert.match(ja.stderr, /tiny: 3 試行 × 2 エポック/);
  assert.match(ja.stderr, /^試行 \d 完了、検証精度/m);
  assert.match(ja.stderr, /^完了.*バックエンド wasm/m);
  assert.match(en.stderr, /rank\s+trial\s+val acc/);
  const lines = ja.stderr.split('\n');
  const head = lines.findIndex((l) => l.startsWith('順位'));
  assert.ok(head >= 0, ja.stderr);
  assert.match(lines[head]!, /順位\s+試行\s+検証精度\s+訓練精度\s+状態\s+training\.lr/);
  const paramColumn = columns(lines[head]!.slice(0, lines[head]!.indexOf('training.lr')));
  for (const row of lines.slice(head + 2, head + 5)) {
    assert.match(row, /完了/);
    assert.equal(columns(row.slice(0, row.search(/\S+$/))), paramColumn, `aligned in terminal columns: ${row}`);
  }
});
