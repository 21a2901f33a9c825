// ajv's errors in words a person can act on: what is wrong, where, and what to write instead.
import type { ErrorObject } from 'ajv';
import { error, type Issue } from './issues';
import { DISTRIBUTIONS, SEARCHABLE_PATHS, searchablePath, type Segment } from './paths';
import { SEARCH_SCHEMA, type JsonSchema } from './schema';
import { nearest, quoteList, show, suggestion } from './words';

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text in double quotes',
  boolean: 'true or false',
  object: 'an object { … }',
  array: 'a list [ … ]',
  null: 'null',
};

const typeWords = (types: string | string[]): string => quoteFree([types].flat().map((t) => TYPE_WORDS[t] ?? t));
const quoteFree = (words: string[]): string => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`);

/** Why the upper limits that protect the machine are there. */
const LIMIT_REASONS: Record<string, string> = {
  'model.hiddenSizes[]': 'wider layers would not fit in memory',
  'model.hiddenSizes': 'deeper nets would not fit in memory',
  'training.epochs': 'so that every trial ends',
  'training.batchSize': 'larger batches would not fit in memory',
  'data.trainSize': 'more images would not fit in memory',
  'search.trials': 'so that the run ends',
  'run.workers': 'more threads than this only compete for the same cores',
};

/** Names from the book's Python code (and common spellings) → the spec's field. */
const ALIASES: Record<string, string> = {
  learning_rate: 'lr',
  weight_decay: 'weightDecay',
  weight_decay_lambda: 'weightDecay',
  hidden_size_list: 'hiddenSizes',
  hidden_sizes: 'hiddenSizes',
  weight_init_std: 'weightInit',
  use_batchnorm: 'batchNorm',
  use_dropout: 'dropout',
  dropout_ration: 'dropout',
  mini_batch_size: 'batchSize',
  batch_size: 'batchSize',
  train_size: 'trainSize',
  validation_rate: 'validationRate',
  optimization_trial: 'trials',
};

/** The field a misspelt or book-style name most likely means, among `known`. */
function meant(name: string, known: readonly string[]): string | undefined {
  const alias = nearest(name, Object.keys(ALIASES));
  if (alias && known.includes(ALIASES[alias]!)) return ALIASES[alias];
  return nearest(name, known);
}

/** The JSON path of an ajv instancePath, with array indices as numbers. */
function segmentsOf(pointer: string, root: unknown): Segment[] {
  const segments: Segment[] = [];
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: Segment = Array.isArray(node) ? Number(key) : key;
    segments.push(seg);
    node = node === null || typeof node !== 'object' ? undefined : (node as Record<string, unknown>)[seg];
  }
  return segments;
}

/** The field whose rules apply at `path`: "training.lr" both at training.lr and inside
 * search.params."training.lr".uniform[0]; "model.hiddenSizes[]" for one width. */
function fieldAt(path: Segment[]): string {
  const inParams = path[0] === 'search' && path[1] === 'params' && typeof path[2] === 'string' && path.length >= 5;
  const rest = inParams ? [...String(path[2]).split('.'), ...path.slice(5)] : path;
  return rest.map((s) => (typeof s === 'number' ? '[]' : s)).join('.').replace(/\.\[\]/g, '[]');
}

/** " for training.lr" inside a search range, where the field's own rule applies. */
function ofField(path: Segment[]): string {
  return path[0] === 'search' && path[1] === 'params' && path.length >= 5 ? ` for ${path[2]}` : '';
}

function typeMessage(e: ErrorObject, path: Segment[]): string {
  const expected = (e.params as { type: string | string[] }).type;
  const value = e.data;
  const wanted = [expected].flat();
  if (wanted.includes('integer') && typeof value === 'number') return `${value} is not a whole number`;
  if (typeof value === 'string' && (wanted.includes('number') || wanted.includes('integer')) && value.trim() !== '' && Number.isFinite(Number(value))) {
    return `expected ${typeWords(expected)}, got the text ${show(value)} — write it without quotes: ${value.trim()}`;
  }
  if (typeof value === 'string' && wanted.includes('boolean') && (value === 'true' || value === 'false')) return `expected true or false, got the text ${show(value)} — write it without quotes`;
  if (path.length === 0) return `the top level must be an object { … }, got ${show(value)}`;
  return `expected ${typeWords(expected)}, got ${describe(value)}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the text ${show(value)}`;
  if (Array.isArray(value)) return `a list ${show(value)}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return show(value);
}

/** `alternatives`: what else the field takes, when the enum is one branch of an anyOf. */
function enumMessage(allowed: unknown[], value: unknown, path: Segment[], alternatives = ''): string {
  const what = fieldAt(path).replace(/\[\]$/, '').split('.').at(-1) ?? 'value';
  const names = allowed.filter((a): a is string => typeof a === 'string');
  const near = typeof value === 'string' ? nearest(value, names) : undefined;
  const hint = near ? ` — did you mean ${JSON.stringify(near)}? Valid:` : ' — valid:';
  return `unknown ${what} ${show(value)}${hint} ${quoteList(allowed)}${alternatives}`;
}

function limitMessage(e: ErrorObject, path: Segment[]): string {
  const { limit } = e.params as { limit: number };
  const reason = LIMIT_REASONS[fieldAt(path)];
  const why = reason ? ` — ${reason}` : '';
  const value = e.data as number;
  const at = ofField(path);
  switch (e.keyword) {
    case 'minimum': return `${value} is less than ${limit}, the smallest allowed${at}${fieldAt(path) === 'model.hiddenSizes[]' ? ' — a layer needs at least one unit' : ''}`;
    case 'maximum': return `${value} is more than ${limit}, the most allowed${at}${why}`;
    case 'exclusiveMinimum': return `${value} is too small${at}: it must be more than ${limit}`;
    default: return `${value} is too large${at}: it must be less than ${limit}`;
  }
}

/** A distribution key that the field's kind does not take, or that is no distribution at all. */
function distributionKeyMessage(paramPath: string, key: string): string {
  const param = searchablePath(paramPath);
  if (param && (DISTRIBUTIONS as readonly string[]).includes(key)) {
    const use = quoteList(param.distributions);
    if (param.kind === 'int') return `${paramPath} takes whole numbers, but "${key}" draws real numbers — use "int" (e.g. {"int": [32, 256]}) or "values"`;
    return `${paramPath} takes ${param.kind === 'bool' ? 'true or false' : param.kind === 'int-array' ? 'a list of widths' : 'names'}, so it cannot be drawn from "${key}" — use ${use}, e.g. {"choice": [...]}`;
  }
  if (/^log/i.test(key)) return `"${key}" is not a distribution — write {"log10": [lo, hi]} with exponents, as the book's 10 ** uniform(-6, -2) is {"log10": [-6, -2]}`;
  return `"${key}" is not a distribution${suggestion(key, param?.distributions ?? DISTRIBUTIONS)}`;
}

/** A field of another section that `key` names (e.g. "epochs" at the top level is training's). */
function fieldElsewhere(key: string, section: Segment | undefined): { section: string; field: string } | undefined {
  for (const [name, schema] of Object.entries(SEARCH_SCHEMA.properties ?? {})) {
    if (name === section || !schema.properties) continue;
    const field = meant(key, Object.keys(schema.properties));
    if (field) return { section: name, field };
  }
  return undefined;
}

function additionalPropertyIssue(e: ErrorObject, path: Segment[]): Issue {
  const key = (e.params as { additionalProperty: string }).additionalProperty;
  const at = [...path, key];
  if (path[0] === 'search' && path[1] === 'params' && path.length === 3) {
    return error(at, distributionKeyMessage(String(path[2]), key), { target: 'key' });
  }
  const known = Object.keys((e.parentSchema as JsonSchema).properties ?? {}).filter((k) => k !== '$schema');
  const where = path.length ? ` in ${path.join('.')}` : ' at the top level';
  const here = meant(key, known);
  const elsewhere = here || path.length > 1 ? undefined : fieldElsewhere(key, path[0]);
  const hint = here
    ? ` — did you mean ${JSON.stringify(here)}?`
    : elsewhere
      ? ` — it belongs in "${elsewhere.section}" as ${JSON.stringify(elsewhere.field)}`
      : ` — use one of ${quoteList(known)}`;
  return error(at, `unknown field ${JSON.stringify(key)}${where}${hint}`, { target: 'key' });
}

function requiredMessage(e: ErrorObject, path: Segment[]): string {
  const missing = (e.params as { missingProperty: string }).missingProperty;
  if (missing === 'search') return 'missing "search" — say what to search, e.g. "search": {"params": {"training.lr": {"log10": [-6, -2]}}}';
  if (missing === 'params') return 'missing "params" — name the fields to search, e.g. "params": {"training.lr": {"log10": [-6, -2]}}';
  if (missing === 'method' && path.at(-1) === 'prune') return 'missing "method" — use "median" or "asha", or set prune to null';
  if (missing === 'idx') return 'missing "idx" — give the folder of the IDX files: {"idx": "data/mnist"}, or use "mnist"';
  return `missing the field ${JSON.stringify(missing)}`;
}

function itemsCountMessage(e: ErrorObject, path: Segment[]): string {
  const { limit } = e.params as { limit: number };
  const count = (e.data as unknown[]).length;
  const last = path.at(-1);
  if (last === 'log10' || last === 'uniform' || last === 'int') return `a range is two numbers [lower, upper], got ${count}`;
  if (last === 'choice' || last === 'values') return count === 0 ? 'the list is empty — give at least one value' : `${count} values is more than the ${limit} allowed`;
  if (fieldAt(path) === 'model.hiddenSizes') return `${count} hidden layers is more than the ${limit} allowed — ${LIMIT_REASONS['model.hiddenSizes']}`;
  return e.keyword === 'minItems' ? `needs at least ${limit} items, got ${count}` : `has ${count} items, more than the ${limit} allowed`;
}

function propertyCountMessage(e: ErrorObject, path: Segment[]): string {
  const keys = Object.keys(e.data as object);
  const param = path.length === 3 && path[1] === 'params' ? searchablePath(String(path[2])) : undefined;
  const options = quoteList(param?.distributions ?? DISTRIBUTIONS);
  if (path.at(-1) === 'params') return 'nothing to search — name at least one field, e.g. "training.lr": {"log10": [-6, -2]}';
  if (e.keyword === 'minProperties') return `no distribution given — use one of ${options}`;
  return `give exactly one distribution, not ${quoteList(keys, 'and')}`;
}

function unknownParamIssue(e: ErrorObject, path: Segment[]): Issue {
  const name = (e.params as { propertyName: string }).propertyName;
  const known = SEARCHABLE_PATHS.map((p) => p.path);
  const field = meant(name.split('.').at(-1)!, SEARCHABLE_PATHS.map((p) => p.field));
  const byField = field && !known.includes(name) ? SEARCHABLE_PATHS.find((p) => p.field === field)?.path : undefined;
  const near = nearest(name, known) ?? byField;
  const hint = near ? ` — did you mean ${JSON.stringify(near)}?` : ` — searchable: ${quoteList(known)}`;
  return error([...path, name], `no such field to search${hint}`, { target: 'key' });
}

function stringMessage(e: ErrorObject): string {
  if (e.keyword === 'pattern') return 'may only use letters, digits, ".", "_" and "-" (it names the run folder)';
  if (e.keyword === 'minLength') return 'must not be empty';
  return `is longer than ${(e.params as { limit: number }).limit} characters`;
}

function issueOf(e: ErrorObject, path: Segment[], alternatives?: string): Issue | undefined {
  switch (e.keyword) {
    case 'type': return error(path, typeMessage(e, path));
    case 'enum': return error(path, enumMessage((e.params as { allowedValues: unknown[] }).allowedValues, e.data, path, alternatives));
    case 'const': return error(path, enumMessage([(e.params as { allowedValue: unknown }).allowedValue], e.data, path, alternatives));
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': return error(path, limitMessage(e, path));
    case 'additionalProperties': return additionalPropertyIssue(e, path);
    case 'required': return error(path, requiredMessage(e, path), { target: 'key' });
    case 'minItems':
    case 'maxItems': return error(path, itemsCountMessage(e, path));
    case 'minProperties':
    case 'maxProperties': return error(path, propertyCountMessage(e, path));
    case 'propertyNames': return unknownParamIssue(e, path);
    case 'pattern':
    case 'minLength':
    case 'maxLength': return error(path, stringMessage(e));
    case 'if': return undefined; // its "then" reports the real problem
    default: return error(path, e.message ?? `does not match the schema (${e.keyword})`);
  }
}

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const typeFits = (v: unknown, type: string | string[] | undefined): boolean =>
  type !== undefined && [type].flat().some((t) => t === jsonType(v) || (t === 'integer' && typeof v === 'number'));

/** What one branch of an anyOf takes, in words: "mnist" or an object with "idx". */
function branchWords(branch: JsonSchema): string {
  if (branch.enum) return quoteList(branch.enum);
  if (branch.type === 'object' && branch.required?.length) return `an object with ${quoteList(branch.required, 'and')}`;
  return typeWords(branch.type ?? 'value');
}

/** Turns ajv's errors (allErrors, verbose) into issues. For an anyOf ("mnist" or {idx}), only the
 * branch whose type the value has speaks; when none has it, one message lists the alternatives. */
export function schemaIssues(errors: readonly ErrorObject[], root: unknown): Issue[] {
  const silenced = new Set<ErrorObject>();
  const alternatives = new Map<ErrorObject, string>();
  const issues: Issue[] = [];
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const branches = anyOf.schema as JsonSchema[];
    const fitting = branches.findIndex((b) => typeFits(anyOf.data, b.type));
    const others = branches.filter((_, i) => i !== fitting).map(branchWords);
    for (const e of errors) {
      if (!e.schemaPath.startsWith(`${anyOf.schemaPath}/`)) continue;
      if (fitting < 0 || !e.schemaPath.startsWith(`${anyOf.schemaPath}/${fitting}/`)) silenced.add(e);
      else alternatives.set(e, `, or ${others.join(' or ')}`);
    }
    silenced.add(anyOf);
    if (fitting < 0) issues.push(error(segmentsOf(anyOf.instancePath, root), `expected ${branches.map(branchWords).join(' or ')}, got ${describe(anyOf.data)}`));
  }
  // A value of the wrong type says so once, not also "not one of …" or "too small".
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type' && !silenced.has(e)).map((e) => e.instancePath));
  for (const e of errors) if (e.keyword !== 'type' && wrongType.has(e.instancePath)) silenced.add(e);
  for (const e of errors) {
    // propertyNames reports its inner enum error too; the propertyNames error says it better.
    if (silenced.has(e) || (e.schemaPath.includes('/propertyNames/') && e.keyword !== 'propertyNames')) continue;
    const issue = issueOf(e, segmentsOf(e.instancePath, root), alternatives.get(e));
    if (issue) issues.push(issue);
  }
  return issues;
}
