// Broken data folders through the built CLI: each is refused when the spec is checked — exit 2,
// the error at search.json:line:col on data.source.idx, nothing created (not even the runs
// folder) and no hang on a FIFO. Data removed after the check fails every trial: exit 1, one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, lastJson, runCli } from './helpers/cli';
import { BAD_DATA, IDX_AT, IMAGES, dataWorkspace } from './helpers/bad-data';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** The CLI as an unprivileged user (root reads any file), English messages. */
function runCliAsNobody(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C' }, uid: NOBODY, gid: NOBODY, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const c of BAD_DATA) {
  const unreadable = c.skip !== undefined;
  test(`CLI refuses it, exit 2, nothing created: ${c.name}`, () => {
    const w = dataWorkspace(c.gz);
    try {
      c.spoil(w.data);
      const before = readdirSync(w.ws).sort();
      const args = ['run', w.specPath, '--out', w.runs];
      let r;
      if (unreadable && asRoot) {
        chmodSync(w.ws, 0o755);
        chmodSync(w.data, 0o755);
        r = runCliAsNobody(args);
      } else {
        r = runCli(args);
      }
      assert.equal(r.code, 2, r.stderr);
      const line = r.stderr.split('\n').find((l) => l.startsWith(`${w.specPath}:${IDX_AT.line}:${IDX_AT.column}: data.source.idx: `));
      assert.ok(line, r.stderr);
      assert.match(line, c.message);
      assert.ok(r.stderr.includes(`${w.specPath}: invalid search spec; nothing was run`), r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(existsSync(w.runs), false, 'no runs folder');
      assert.deepEqual(readdirSync(w.ws).sort(), before, 'nothing written beside the spec');
    } finally {
      w.cleanup();
    }
  });
}

test('CLI on good 3 × 3 data: a note on data.source.idx, the run trains, exit 0', () => {
  const w = dataWorkspace(true);
  try {
    const r = runCli(['run', w.specPath, '--out', w.runs, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${w.specPath}:2:32: note: data\\.source\\.idx: 20 images of 3 × 3 in 10 classes: the network is 9 → `));
    assert.deepEqual(lastJson(r.stdout).trials.map((t: { status: string }) => t.status), ['completed', 'completed']);
  } finally {
    w.cleanup();
  }
});

test('CLI: the images vanish between the check and the run — every trial fails, exit 1, one line says so', () => {
  const w = dataWorkspace();
  try {
    // Preloaded into the CLI: removes the images file when the run creates its first folder, i.e.
    // after the spec (and its data) passed the check and before any trial reads the data.
    const hook = join(w.ws, 'vanish.cjs');
    writeFileSync(hook, `const fs = require('fs');
let gone = false;
const vanish = () => { if (!gone) { gone = true; fs.rmSync(process.env.HPL_VANISH, { force: true }); } };
for (const [o, k] of [[fs, 'mkdirSync'], [fs, 'mkdir'], [fs.promises, 'mkdir']]) { const f = o[k]; o[k] = function (...a) { vanish(); return f.apply(this, a); }; }
`);
    const r = spawnSync(process.execPath, ['--require', hook, CLI, 'run', w.specPath, '--out', w.runs, '--json'], {
      encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', HPL_VANISH: join(w.data, IMAGES) }, timeout: 120_000,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(existsSync(join(w.data, IMAGES)), false, 'the hook ran');
    const lines = r.stderr.trim().split('\n');
    assert.match(lines.at(-1)!, /^all 2 trials failed; the first: \S+train-images-idx3-ubyte: not found \(nor \S+\.gz\) — put the file there, plain or gzipped$/);
    const summary = lastJson(r.stdout);
    assert.deepEqual(summary.trials.map((t: { status: string }) => t.status), ['failed', 'failed']);
  } finally {
    w.cleanup();
  }
});
