// hparam-lab narrow RUN_DIR --top K [--margin M] [--write SPEC] [--json]: the book's step 3 — the
// ranges the best K trials of a run span (core/search/narrow.ts), old → new; with --write, the
// same text edits the extension makes (comments and layout kept) plus search.narrowedFrom, so the
// next run of SPEC is the run's next round. Comparing rounds is `hparam-lab rounds`, after that run.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyEdits } from 'jsonc-parser';
import { narrowRanges } from '../core/search/narrow';
import { distributionText, narrowEdits } from '../core/search/narrow-edit';
import { roundOf, scoredTrials } from '../core/runs/rounds';
import { formatSpecError, parseSpec } from '../core/spec';
import { columns, t } from './l10n';
import { pad } from './format';
import { runArg, topArg } from './run-dir';
import { UsageError, type Subcommand } from './subcommands';

const DEFAULT_MARGIN = 0.1;

function marginArg(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MARGIN;
  const m = Number(value);
  if (value.trim() === '' || !Number.isFinite(m) || m < 0 || m > 10) throw new UsageError(t('--margin must be a number from 0 to 10, not "{0}"', value));
  return m;
}

/** Writes the narrowed ranges into SPEC; an error line per problem (file:line:col) when it cannot. */
function writeSpec(specPath: string, changes: ReturnType<typeof narrowRanges>, source: string): { missing: string[] } | { errors: string[] } {
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch (e) {
    return { errors: [`${specPath}: ${(e as Error).message}`] };
  }
  const parsed = parseSpec(text, specPath);
  if (!parsed.spec) return { errors: parsed.errors.filter((e) => e.severity !== 'warning' && e.severity !== 'info').map(formatSpecError) };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const { edits, missing } = narrowEdits(text, changes, { tabSize: 2, insertSpaces: true, eol }, source);
  writeFileSync(specPath, applyEdits(text, edits));
  return { missing };
}

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { top: { type: 'string' }, margin: { type: 'string' }, write: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length > 1) throw new UsageError(t('{0} needs one RUN_DIR', 'narrow'));
  if (values.top === undefined) throw new UsageError(t('narrow needs --top K: how many of the best trials set the new ranges'));
  const run = runArg(positionals[0], 'narrow');
  const k = topArg(values.top, 1);
  const margin = marginArg(values.margin);
  const scored = scoredTrials(run);
  if (k > scored.length) throw new UsageError(t('--top {0} is more than the {1} finished trials of {2}', k, scored.length, run.dir));
  const ranges = narrowRanges(run.spec.search.params, scored.slice(0, k), margin);
  const source = basename(run.dir);
  const changes = ranges.filter((r) => JSON.stringify(r.before) !== JSON.stringify(r.after));

  let written: { spec: string; missing: string[] } | undefined;
  if (values.write !== undefined) {
    const specPath = resolve(values.write);
    const result = writeSpec(specPath, changes, source);
    if ('errors' in result) {
      for (const line of result.errors) process.stderr.write(line + '\n');
      process.stderr.write(t('{0}: not a valid search.json; nothing was written', specPath) + '\n');
      return 2;
    }
    written = { spec: specPath, ...result };
  }

  if (values.json) {
    const json = {
      run: run.dir, round: roundOf(run), nextRound: roundOf(run) + 1, top: k, margin,
      ranges: ranges.map((r) => ({ path: r.path, before: r.before, after: r.after, changed: changes.includes(r) })),
      ...(written ? { wrote: written.spec, narrowedFrom: source, missing: written.missing } : {}),
    };
    process.stdout.write(JSON.stringify(json) + '\n');
    return 0;
  }
  const out: string[] = [t('{0}: the ranges of the best {1} of {2} finished trials (margin {3}), round {4}', run.name, k, scored.length, margin, roundOf(run))];
  const width = Math.max(...ranges.map((r) => columns(r.path)));
  for (const r of ranges) {
    const after = changes.includes(r) ? `→ ${distributionText(r.after)}` : t('(unchanged)');
    out.push(`  ${pad(r.path, width, false)}  ${distributionText(r.before)}  ${after}`);
  }
  if (written) {
    for (const path of written.missing) out.push(t('{0} no longer searches {1}: left as it is.', written.spec, path));
    out.push(t('wrote {0} range(s) into {1} (search.narrowedFrom = {2}): its next run is round {3}', changes.length - written.missing.length, written.spec, source, roundOf(run) + 1));
  } else if (changes.length > 0) {
    out.push(t('add --write SPEC to write them into the search.json'));
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

export const narrowCommand: Subcommand = {
  synopsis: 'hparam-lab narrow RUN_DIR --top K [--margin M] [--write SPEC] [--json]',
  explain: () => t('narrows the ranges to the best K trials of a run (old → new); --write puts them into SPEC for the next round'),
  main,
};
