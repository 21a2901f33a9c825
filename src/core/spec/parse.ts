// search.json text → a resolved SearchSpec (every default filled) or errors that point at the
// characters they are about. Never throws: the CLI, the editor's diagnostics and a fuzzer call it.
import { basename, dirname } from 'node:path';
import { lineColumn, readDocument, written, rangeOf, type JsonDocument } from './document';
import { error, note, type Issue, type Severity } from './issues';
import { schemaIssues } from './messages';
import { pathInWords } from './paths';
import { semanticIssues, type DataShape } from './semantic';
import type { DataSpec, SearchSpec } from './types';
import { validateAgainstSchema } from './validate';

export interface SpecError {
  file: string;
  /** 1-based, as editors show them; columns count UTF-16 units, as VS Code does. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Into the text given to parseSpec (a byte-order mark counts as one). */
  offset: number;
  length: number;
  /** The JSON path in words, e.g. search.params."training.lr".log10; "" for the whole file. */
  path: string;
  message: string;
  severity: Severity;
}

export interface SpecOptions {
  /** Rows of the data set, when known (default: 60,000 for "mnist"; unknown for IDX folders). */
  dataRows?: number;
  /** Values per image and classes, for the parameter limit (default: MNIST's 784 and 10). */
  inputSize?: number;
  classes?: number;
  /** Checks the data the spec names, once the spec is schema-valid: its facts replace the three
   * above, a problem is an error on data.source; undefined leaves the data unchecked. The loader
   * (core/load-spec) reads the files. */
  checkData?: (source: DataSpec['source']) => DataCheck | undefined;
}

/** What the data of a spec turned out to be: its facts (and a note for the user), or a problem. */
export type DataCheck = { rows: number; inputSize: number; classes: number; note?: string } | { problem: string };

export interface ParseResult {
  /** Present when there are no errors (warnings allow it). */
  spec?: SearchSpec;
  /** Errors and warnings, in the order of the text. */
  errors: SpecError[];
}

export const MNIST_ROWS = 60_000;
/** A file with more problems than this lists the first ones: they explain the rest. */
const MAX_REPORTED = 100;
const MAX_SCHEMA_ERRORS = 1000;

/** `file:line:col: path: message`, the form compilers use, so terminals and editors link it. */
export function formatSpecError(e: SpecError): string {
  const kind = e.severity === 'warning' ? 'warning: ' : e.severity === 'info' ? 'note: ' : '';
  return `${e.file}:${e.line}:${e.column}: ${kind}${e.path ? `${e.path}: ` : ''}${e.message}`;
}

export function parseSpec(text: string, file: string, opts: SpecOptions = {}): ParseResult {
  try {
    if (typeof text !== 'string') return { errors: [wholeFileError(file, `expected the text of a search.json, got ${typeof text}`)] };
    return parseText(text, String(file), opts);
  } catch (cause) {
    return { errors: [wholeFileError(String(file), `internal error while checking the spec (please report it): ${cause instanceof Error ? cause.message : String(cause)}`)] };
  }
}

function parseText(text: string, file: string, opts: SpecOptions): ParseResult {
  const doc = readDocument(text);
  const issues: Issue[] = [...doc.issues];
  let candidate: SearchSpec | undefined;
  if (doc.parsed) {
    const schemaErrors = validateAgainstSchema(doc.value);
    // The first errors explain the rest; translating a million of them would only cost time.
    for (const issue of schemaIssues(schemaErrors.slice(0, MAX_SCHEMA_ERRORS), doc.value)) issues.push(issue);
    if (schemaErrors.length === 0) {
      candidate = resolve(doc.value as SearchSpec & { $schema?: string }, file);
      const known = { ...opts, ...checkedData(candidate, opts, issues) };
      for (const issue of semanticIssues(candidate, dataShape(candidate, known), (path) => written(doc, path))) issues.push(issue);
    }
  }
  const errors = placeIssues(doc, issues, file);
  return { spec: errors.some((e) => e.severity === 'error') ? undefined : candidate, errors };
}

/** The facts of the spec's data from opts.checkData, its problem or note added to `issues`. */
function checkedData(spec: SearchSpec, opts: SpecOptions, issues: Issue[]): SpecOptions {
  const checked = opts.checkData?.(spec.data.source);
  if (!checked) return {};
  const at = spec.data.source === 'mnist' ? ['data', 'source'] : ['data', 'source', 'idx'];
  if ('problem' in checked) {
    issues.push(error(at, checked.problem));
    return {};
  }
  if (checked.note) issues.push(note(at, checked.note));
  return { dataRows: checked.rows, inputSize: checked.inputSize, classes: checked.classes };
}

export function dataShape(spec: SearchSpec, opts: SpecOptions): DataShape {
  return {
    dataRows: opts.dataRows ?? (spec.data.source === 'mnist' ? MNIST_ROWS : undefined),
    inputSize: opts.inputSize ?? 784,
    classes: opts.classes ?? 10,
  };
}

/** The schema-valid value as a SearchSpec: without the editor's `$schema`, with a name. */
function resolve(value: SearchSpec & { $schema?: string }, file: string): SearchSpec {
  const { data, model, training, search, run } = value;
  return { name: value.name ?? nameFromFile(file), data, model, training, search, run };
}

/** "runs/book-6.5/search.json" → "book-6.5"; "adam.search.json" → "adam". Made safe for a folder name. */
export function nameFromFile(file: string): string {
  const base = basename(file);
  const stem = /^(.+)\.search\.json$/i.exec(base)?.[1] ?? (/^search\.json$/i.test(base) ? basename(dirname(file)) : base.replace(/\.json$/i, ''));
  const safe = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 64);
  return safe || 'search';
}

function placeIssues(doc: JsonDocument, issues: readonly Issue[], file: string): SpecError[] {
  const seen = new Set<string>();
  const placed: SpecError[] = [];
  for (const issue of issues) {
    const { offset, length } = rangeOf(doc, issue);
    const start = lineColumn(doc.lines, offset);
    const end = lineColumn(doc.lines, offset + length);
    const e: SpecError = {
      file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column,
      offset: offset + doc.bomLength, length, path: pathInWords(issue.path), message: issue.message, severity: issue.severity,
    };
    const key = `${e.offset}:${e.path}:${e.message}`;
    if (!seen.has(key)) placed.push(e);
    seen.add(key);
  }
  placed.sort((a, b) => a.offset - b.offset || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  if (placed.length <= MAX_REPORTED) return placed;
  const rest = placed.length - MAX_REPORTED;
  const last = placed[MAX_REPORTED - 1]!;
  return [...placed.slice(0, MAX_REPORTED), { ...last, path: '', message: `… and ${rest} more problems — fix the ones above first`, severity: 'error' }];
}

export function wholeFileError(file: string, message: string): SpecError {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, length: 0, path: '', message, severity: 'error' };
}
