import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BUNDLE_PATH, bundleStrings } from '../../scripts/l10n-bundle';

test('l10n/bundle.l10n.json lists every string the host translates (run scripts/l10n-bundle.ts after adding one)', () => {
  const bundle = JSON.parse(readFileSync(BUNDLE_PATH, 'utf8')) as Record<string, string>;
  const current = bundleStrings();
  assert.deepEqual(Object.keys(current).filter((k) => !(k in bundle)), [], 'missing from the bundle');
  assert.deepEqual(Object.keys(bundle).filter((k) => !(k in current)), [], 'no longer used');
  assert.ok(Object.keys(current).includes('▶ Run search'));
});
