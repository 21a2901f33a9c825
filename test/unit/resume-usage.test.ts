// `hparam-lab resume` keeps the run's own spec: an option that would change it (here --fuse and
// --trials) is refused with exit 2, in English and Japanese, naming what resume does take (--queue too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './helpers/cli';

test('resume refuses --fuse and --trials, and names the options it takes, --queue among them', () => {
  for (const extra of [['--fuse', '4'], ['--trials', '3']]) {
    const r = runCli(['resume', 'some-run-dir', ...extra]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /resume takes only --json, --workers, --backend and --queue/);
  }
  const ja = runCli(['resume', 'some-run-dir', '--fuse', '4'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(ja.code, 2);
  assert.match(ja.stderr, /resume に指定できるのは --json、--workers、--backend、--queue だけです/);
});
