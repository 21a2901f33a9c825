// Writes the search.json reference into docs/search-json.md, between <!-- reference:start --> and
// <!-- reference:end -->, from the JSON Schema the editor validates with: one source for the
// hovers, the checks and the documentation, so they cannot drift (a test fails when README is stale).
// Run: node --import tsx scripts/gen-reference.ts          (--check: exit 1 when the doc is stale)
import { readFileSync, writeFileSync } from 'node:fs';

export const SCHEMA_PATH = 'src/core/spec/search.schema.json';
export const REFERENCE_PATH = 'docs/search-json.md';
export const START = '<!-- reference:start -->';
export const END = '<!-- reference:end -->';

/** The part of JSON Schema the reference reads. */
interface Schema {
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  enumDescriptions?: string[];
  anyOf?: Schema[];
  allOf?: Schema[];
  if?: Schema;
  then?: Schema;
  const?: unknown;
  $ref?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxItems?: number;
  definitions?: Record<string, Schema>;
}

const code = (v: unknown) => '`' + JSON.stringify(v) + '`';
const number = (n: number) => (Number.isInteger(n) && Math.abs(n) >= 1000 ? n.toLocaleString('en-US') : String(n));

function bounds(s: Schema): string {
  const lo = s.minimum !== undefined ? `${number(s.minimum)} ≤ ` : s.exclusiveMinimum !== undefined ? `${number(s.exclusiveMinimum)} < ` : '';
  const hi = s.maximum !== undefined ? ` ≤ ${number(s.maximum)}` : s.exclusiveMaximum !== undefined ? ` < ${number(s.exclusiveMaximum)}` : '';
  return lo || hi ? `${lo}x${hi}` : '';
}

/** "integer, 1 ≤ x ≤ 60,000", "\"relu\" | \"sigmoid\"", "integer[] (each 1 ≤ x ≤ 4,096, at most 32)"… */
export function typeText(s: Schema): string {
  if (s.enum) return s.enum.map(code).join(' | ');
  if (s.anyOf) return s.anyOf.map(typeText).join(' | ');
  if (s.type === 'object' && s.properties && !s.allOf) {
    const keys = Object.keys(s.properties);
    return keys.length <= 3 ? '`{' + keys.map((k) => `"${k}": …`).join(', ') + '}`' : 'object';
  }
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type ?? '';
  if (type === 'array' && s.items) {
    const each = [bounds(s.items) && `each ${bounds(s.items)}`, s.maxItems !== undefined && `at most ${number(s.maxItems)}`].filter(Boolean).join(', ');
    return `${s.items.type ?? 'value'}[]${each ? ` (${each})` : ''}`;
  }
  return [type, bounds(s)].filter(Boolean).join(', ');
}

/** A description as a list item's body: continuation lines (code blocks too) indented under it. */
function describe(s: Schema): string {
  return (s.markdownDescription ?? s.description ?? '').trim().replace(/\n/g, '\n  ');
}

function choices(s: Schema): string[] {
  const withDescriptions = [s, ...(s.anyOf ?? [])].filter((b) => b.enum && b.enumDescriptions);
  return withDescriptions.flatMap((b) => b.enum!.map((v, i) => `  - ${code(v)}: ${b.enumDescriptions![i]}`));
}

function item(path: string, s: Schema, note = ''): string[] {
  const facts = [typeText(s), s.default !== undefined && `default ${code(s.default)}`].filter(Boolean).join('; ');
  return [`- **\`${path}\`**${note} — ${facts}. ${describe(s)}`.trimEnd(), ...choices(s)];
}

/** The fields of one object, depth first; conditional fields (if/then) say when they apply. */
function fields(prefix: string, s: Schema): string[] {
  const lines: string[] = [];
  for (const [key, field] of Object.entries(s.properties ?? {})) {
    if (prefix === 'search.' && key === 'params') continue; // listed with the distributions
    const path = prefix + key;
    lines.push(...item(path, field));
    if (field.properties && field.type === 'object') lines.push(...fields(`${path}.`, field));
    for (const branch of field.allOf ?? []) {
      const when = Object.entries(branch.if?.properties ?? {}).find(([, v]) => v.const !== undefined);
      for (const [sub, subField] of Object.entries(branch.then?.properties ?? {})) {
        if (when && sub === when[0]) continue;
        lines.push(...item(`${path}.${sub}`, subField, when ? ` (with \`"${when[0]}": ${JSON.stringify(when[1].const)}\`)` : ''));
      }
    }
  }
  return lines;
}

function searchParams(schema: Schema): string[] {
  const params = schema.properties!.search!.properties!.params!;
  const definitions = schema.definitions ?? {};
  const lines = [...item('search.params', params), ''];
  lines.push('Each searched field takes exactly one distribution:', '');
  const distributions = new Map<string, Schema>();
  for (const def of Object.values(definitions)) for (const [k, v] of Object.entries(def.properties ?? {})) distributions.set(k, v);
  for (const [name, d] of distributions) lines.push(`- \`{"${name}": …}\` — ${describe(d)}`);
  lines.push('', 'The fields that can be searched, and the distributions each takes:', '');
  for (const [path, p] of Object.entries(params.properties ?? {})) {
    const ref = p.allOf?.find((a) => a.$ref)?.$ref?.split('/').pop();
    const kinds = Object.keys(definitions[ref ?? '']?.properties ?? {}).join(', ');
    lines.push(`- **\`${path}\`** (${kinds}) — ${describe(p)}`);
  }
  return lines;
}

/** The reference section, Markdown. */
export function referenceMarkdown(schema: Schema): string {
  const top = schema.properties ?? {};
  const out: string[] = [`_Generated from \`${SCHEMA_PATH}\` by \`scripts/gen-reference.ts\`; edit the schema, not this text._`, ''];
  out.push(describe(schema), '');
  const scalars = Object.entries(top).filter(([, s]) => s.type !== 'object');
  for (const [key, s] of scalars) out.push(...item(key, s));
  for (const [key, s] of Object.entries(top).filter(([, s]) => s.type === 'object')) {
    out.push('', `## \`${key}\``, '', describe(s), '');
    out.push(...fields(`${key}.`, s));
    if (key === 'search') out.push('', ...searchParams(schema));
  }
  return out.join('\n');
}

/** The doc with its reference section replaced by `section`. */
export function withReference(doc: string, section: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${REFERENCE_PATH} lacks the markers ${START} … ${END}`);
  return `${doc.slice(0, start + START.length)}\n${section}\n${doc.slice(end)}`;
}

export function currentReference(): { doc: string; expected: string } {
  const doc = readFileSync(REFERENCE_PATH, 'utf8');
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Schema;
  return { doc, expected: withReference(doc, referenceMarkdown(schema)) };
}

if (process.argv[1]?.endsWith('gen-reference.ts')) {
  const { doc, expected } = currentReference();
  if (process.argv.includes('--check')) {
    if (doc !== expected) {
      console.error(`${REFERENCE_PATH}: the search.json reference is stale; run node --import tsx scripts/gen-reference.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(REFERENCE_PATH, expected);
    console.log(`wrote the search.json reference into ${REFERENCE_PATH}`);
  }
}
