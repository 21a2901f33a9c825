// Command-line flags over a parsed spec (--trials, --epochs, --seed, --backend, --workers, --fuse),
// checked by the same schema and semantic rules as the file itself.
import type { Issue } from './issues';
import { schemaIssues } from './messages';
import { dataShape, type SpecOptions } from './parse';
import { pathInWords, type Segment } from './paths';
import { semanticIssues } from './semantic';
import type { SearchSpec } from './types';
import { validateAgainstSchema } from './validate';

export interface SpecOverrides {
  trials?: number | string;
  epochs?: number | string;
  seed?: number | string;
  backend?: string;
  workers?: number | string;
  fuse?: number | string;
}

/** Either the spec with the flags applied, with the warnings the flags caused (the file's own were
 * reported when it was parsed), or what is wrong: `errors` one per problem, `error` all of them in
 * lines, each like "--trials 0: 0 is less than 1, the smallest allowed". */
export type OverrideResult = { spec: SearchSpec; warnings: string[] } | { error: string; errors: string[] };

const failed = (errors: string[]): OverrideResult => ({ error: errors.join('\n'), errors });

const FLAG_PATHS: Record<keyof SpecOverrides, Segment[]> = {
  trials: ['search', 'trials'],
  epochs: ['training', 'epochs'],
  seed: ['search', 'seed'],
  backend: ['run', 'backend'],
  workers: ['run', 'workers'],
  fuse: ['run', 'fuse'],
};

/** A whole number from a flag: 12 or "12", nothing else ("1e3", "12abc" and "" are refused). */
function wholeNumber(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  return /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

export function withOverrides(spec: SearchSpec, overrides: SpecOverrides, opts: SpecOptions = {}): OverrideResult {
  const errors: string[] = [];
  const next = structuredClone(spec);
  const set = (flag: keyof SpecOverrides, value: unknown): void => {
    const [section, field] = FLAG_PATHS[flag] as [string, string];
    (next as unknown as Record<string, Record<string, unknown>>)[section]![field] = value;
  };
  for (const flag of Object.keys(FLAG_PATHS) as (keyof SpecOverrides)[]) {
    const raw = overrides[flag];
    if (raw === undefined) continue;
    if (flag === 'backend') set(flag, String(raw));
    else if ((flag === 'workers' || flag === 'fuse') && raw === 'auto') set(flag, raw);
    else {
      const n = wholeNumber(raw);
      const what = flag === 'seed' ? 'a whole number (0 or more)' : `a positive whole number${flag === 'workers' || flag === 'fuse' ? ' or "auto"' : ''}`;
      if (n === undefined) errors.push(`--${flag} ${raw}: not ${what}`);
      else set(flag, n);
    }
  }
  // A flag wins over the search: --epochs 5 trains every trial for 5 epochs.
  if (overrides.epochs !== undefined) delete next.search.params['training.epochs'];
  if (errors.length) return failed(errors);

  const schemaErrors = validateAgainstSchema(next);
  const issues: Issue[] = schemaIssues(schemaErrors, next);
  if (schemaErrors.length === 0) {
    const before = new Set(semanticIssues(spec, dataShape(spec, opts), () => true).map((i) => i.message));
    issues.push(...semanticIssues(next, dataShape(next, opts), () => true).filter((i) => i.severity === 'error' || !before.has(i.message)));
  }
  const words = (i: Issue): string => {
    const flag = (Object.keys(FLAG_PATHS) as (keyof SpecOverrides)[]).find((f) => pathInWords(FLAG_PATHS[f]) === pathInWords(i.path));
    return flag ? `--${flag} ${overrides[flag]}: ${i.message}` : `${pathInWords(i.path)}: ${i.message}`;
  };
  const errorsFound = issues.filter((i) => i.severity === 'error').map(words);
  if (errorsFound.length) return failed(errorsFound);
  return { spec: next, warnings: issues.filter((i) => i.severity === 'warning').map(words) };
}
