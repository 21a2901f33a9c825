// readableOn: a curve's colour reaches 4.5:1 on any background, keeps its hue, and is left alone
// when it already passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatHex, oklch, wcagContrast } from 'culori';
import { MIN_LINE_CONTRAST, readableOn } from '../../webview/contrast';

const hex = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([r, g, b]) => formatHex({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 }));

test('VS Code’s orange on Light+ (2.9:1) becomes a darker orange with at least 4.5:1', () => {
  assert.ok(wcagContrast('#d18616', '#ffffff') < 4.5);
  const fixed = readableOn('#d18616', '#ffffff');
  assert.ok(wcagContrast(fixed, '#ffffff') >= MIN_LINE_CONTRAST, fixed);
  assert.ok(Math.abs(oklch(fixed)!.h! - oklch('#d18616')!.h!) < 8, 'still orange');
  assert.ok(oklch(fixed)!.l < oklch('#d18616')!.l, 'darker, away from white');
});

test('a colour that passes is returned as it is (Dark+’s orange on #1f1f1f)', () => {
  assert.equal(readableOn('#d18616', '#1f1f1f'), '#d18616');
});

test('any colour on any background ends at 4.5:1 or more', () => {
  fc.assert(
    fc.property(hex, hex, (colour, background) => wcagContrast(readableOn(colour, background), background) >= MIN_LINE_CONTRAST),
    { numRuns: 500 },
  );
});
