// Writes l10n/bundle.l10n.json: every string the extension host translates (each literal passed
// to `t(...)` in src/extension and in the shared sentences it words through its t, and the panel's strings), the template a translation starts from
// (copy to bundle.l10n.<locale>.json and translate the values).
// Run: node --import tsx scripts/l10n-bundle.ts
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_STRINGS } from '../src/panel/strings';

export const BUNDLE_PATH = 'l10n/bundle.l10n.json';

/** Sentences outside src/extension written through an injected t, which the host shows (the CLI too). */
export const SHARED_WORDS = ['src/queue/words.ts', 'src/core/session/fuse-refusal.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The first-argument string literals of calls named `t` (the sources quote them with ' and escape with a backslash). */
export function translatedLiterals(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?<![\w.])t\(\s*'((?:[^'\\\n]|\\.)*)'/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
}

export function bundleStrings(root = '.'): Record<string, string> {
  const messages = new Set<string>([
    ...[...sourceFiles(join(root, 'src/extension')), ...SHARED_WORDS.map((f) => join(root, f))].flatMap(translatedLiterals),
    ...Object.values(DEFAULT_STRINGS),
  ]);
  return Object.fromEntries([...messages].sort().map((m) => [m, m]));
}

if (process.argv[1]?.endsWith('l10n-bundle.ts')) {
  mkdirSync('l10n', { recursive: true });
  writeFileSync(BUNDLE_PATH, JSON.stringify(bundleStrings(), null, 2) + '\n');
  console.log(`wrote ${BUNDLE_PATH}`);
}
