// The text of a search.json as jsonc-parser sees it: comments and trailing commas allowed, every
// node with its offset, so each message can point at the exact characters it is about.
import { createScanner, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { error, type Issue } from './issues';
import type { Segment } from './paths';

/** Larger files are refused before parsing: a search.json is a few hundred bytes. */
export const MAX_SPEC_CHARS = 1024 * 1024;
/** Deeper nesting is refused before parsing (the deepest valid spec nests 6 levels). */
export const MAX_DEPTH = 64;
/** More syntax errors than this are not worth reading: the first ones explain the rest. */
const MAX_SYNTAX_ERRORS = 20;
/** The longest list (a choice of 1,000 values) and the most fields (search.params: 15) a valid spec
 * can have, with room to spare. Larger ones are refused before schema validation, whose work (one
 * error per item) would otherwise grow with them. */
const MAX_LIST_ITEMS = 1000;
const MAX_OBJECT_FIELDS = 100;
const MAX_DUPLICATES_REPORTED = 20;

const SYNTAX_WORDS: Record<number, string> = {
  1: 'unexpected character',
  2: 'not a valid number (write numbers like 0.01, -6 or 1e-4)',
  3: 'expected a field name in double quotes',
  4: 'expected a value: a number, text in double quotes, true, false, null, a list [ ] or an object { }',
  5: 'expected ":" after the field name',
  6: 'expected a comma between the items',
  7: 'expected "}" to close the object',
  8: 'expected "]" to close the list',
  9: 'unexpected text after the end of the top-level object',
  10: 'not a valid comment (use // or /* */)',
  11: 'this /* comment is never closed with */',
  12: 'this text is never closed with a double quote',
  13: 'this number ends too early',
  14: 'not a valid \\u escape (it takes four hex digits, like \\u00e9)',
  15: 'not a valid escape after a backslash (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u)',
  16: 'a control character (a tab or a line break) inside text: write \\t or \\n instead',
};

/** jsonc-parser's error code in words, with a hint for the usual slips. */
function syntaxMessage(e: ParseError, text: string): string {
  const found = text.slice(e.offset, e.offset + Math.max(e.length, 1));
  if (e.error === 1) {
    if (found.startsWith("'")) return "unexpected ' — JSON needs double quotes around names and text";
    const word = /^[A-Za-z_]\w*/.exec(text.slice(e.offset))?.[0];
    if (word && ['True', 'False', 'None', 'Null', 'TRUE', 'FALSE', 'NULL'].includes(word)) return `unexpected ${word} — JSON writes ${word.toLowerCase() === 'none' ? 'null' : word.toLowerCase()} in lower case`;
    if (word && ['NaN', 'Infinity'].includes(word)) return `unexpected ${word} — JSON has no ${word}; write a finite number`;
    if (word) return `unexpected ${word} — names and text need double quotes: "${word}"`;
    return `unexpected character ${JSON.stringify(found[0])}`;
  }
  return SYNTAX_WORDS[e.error] ?? `syntax error ${e.error}`;
}

/** One pass of the scanner (no recursion, so any input is safe): whether the text holds any token
 * at all, and where the nesting first goes deeper than MAX_DEPTH. */
function scanShape(text: string): { empty: boolean; tooDeepAt?: number } {
  const scanner = createScanner(text, true);
  let depth = 0;
  let empty = true;
  for (let token = scanner.scan(); token !== 17 /* EOF */; token = scanner.scan()) {
    empty = false;
    if (token === 1 /* { */ || token === 3 /* [ */) {
      if (++depth > MAX_DEPTH) return { empty, tooDeepAt: scanner.getTokenOffset() };
    } else if (token === 2 /* } */ || token === 4 /* ] */) depth--;
  }
  return { empty };
}

export interface JsonDocument {
  /** The text without its byte-order mark; every offset below is into this. */
  text: string;
  /** 1 when a BOM was stripped: add it to offsets into the caller's text. */
  bomLength: number;
  lines: LineIndex;
  tree?: Node;
  /** The JSON value of the tree (duplicate keys: the last one wins, as in JSON.parse). */
  value?: unknown;
  /** Syntax errors, duplicate keys, size and depth limits. */
  issues: Issue[];
  /** True when the text is well-formed enough to validate its value. */
  parsed: boolean;
}

/** Offsets where each line starts (after \n, \r\n or \r, as editors count lines). */
export type LineIndex = number[];

function lineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */ && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

/** 1-based line and column (in UTF-16 units, as VS Code counts) of an offset. */
export function lineColumn(lines: LineIndex, offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lines[lo]! + 1 };
}

export function readDocument(input: string): JsonDocument {
  const bomLength = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const text = input.slice(bomLength);
  const doc: JsonDocument = { text, bomLength, lines: lineIndex(text), issues: [], parsed: false };
  if (text.length > MAX_SPEC_CHARS) {
    doc.issues.push(error([], `the file is ${text.length.toLocaleString('en-US')} characters, more than the 1 MB a search.json may have — is this the right file?`, { range: { offset: 0, length: 0 } }));
    return doc;
  }
  const shape = scanShape(text);
  if (shape.tooDeepAt !== undefined) {
    doc.issues.push(error([], `nested more than ${MAX_DEPTH} levels deep — a search.json nests a few levels at most`, { range: { offset: shape.tooDeepAt, length: 1 } }));
    return doc;
  }
  if (shape.empty) {
    doc.issues.push(error([], 'the file is empty — a search.json is an object, e.g. {"search": {"params": {"training.lr": {"log10": [-6, -2]}}}}', { range: { offset: 0, length: 0 } }));
    return doc;
  }
  const syntaxErrors: ParseError[] = [];
  doc.tree = parseTree(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  for (const e of syntaxErrors.slice(0, MAX_SYNTAX_ERRORS)) {
    doc.issues.push(error([], syntaxMessage(e, text), { range: { offset: e.offset, length: e.length } }));
  }
  const oversized = doc.tree ? oversizedAt(doc.tree) : undefined;
  if (oversized) {
    const count = oversized.children!.length.toLocaleString('en-US');
    const what = oversized.type === 'array'
      ? `a list of ${count} items, more than any list of a search.json may have (${MAX_LIST_ITEMS})`
      : `an object with ${count} fields, more than any object of a search.json may have (${MAX_OBJECT_FIELDS})`;
    doc.issues.push(error([], `${what} — is this the right file?`, { range: { offset: oversized.offset, length: 1 } }));
    return doc;
  }
  if (doc.tree) doc.value = valueOf(doc.tree, [], doc.issues, doc.lines);
  doc.parsed = syntaxErrors.length === 0 && doc.tree !== undefined;
  return doc;
}

/** The first list or object too large for any valid spec. */
function oversizedAt(node: Node): Node | undefined {
  const children = node.children ?? [];
  if ((node.type === 'array' && children.length > MAX_LIST_ITEMS) || (node.type === 'object' && children.length > MAX_OBJECT_FIELDS)) return node;
  for (const child of children) {
    const found = oversizedAt(child);
    if (found) return found;
  }
  return undefined;
}

/** The tree's value, reporting each duplicate key at its second occurrence. Keys are defined as own
 * properties, so "__proto__" is an ordinary (unknown) field rather than a prototype. */
function valueOf(node: Node, path: Segment[], issues: Issue[], lines: LineIndex): unknown {
  switch (node.type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      const seen = new Map<string, Node>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        const first = seen.get(key);
        if (first && issues.filter((i) => i.message.startsWith('duplicate')).length < MAX_DUPLICATES_REPORTED) {
          const { line, column } = lineColumn(lines, first.offset);
          issues.push(error([...path, key], `duplicate field ${JSON.stringify(key)}: it is already set at line ${line}, column ${column}, and this one would silently replace it — remove one`, { range: { offset: keyNode.offset, length: keyNode.length } }));
        }
        seen.set(key, keyNode);
        Object.defineProperty(object, key, { value: valueOf(valueNode, [...path, key], issues, lines), enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
    case 'array':
      return (node.children ?? []).map((child, i) => valueOf(child, [...path, i], issues, lines));
    default:
      return node.value;
  }
}

/** The node at `path`, or the deepest ancestor of it that the text has, and how far it got. */
function nodeAt(tree: Node, path: readonly Segment[]): { node: Node; depth: number } {
  let node = tree;
  for (let depth = 0; depth < path.length; depth++) {
    const seg = path[depth];
    let next: Node | undefined;
    if (node.type === 'object' && typeof seg === 'string') {
      // The last of duplicate keys is the one that counts.
      next = node.children?.filter((p) => p.children?.[0]?.value === seg).at(-1)?.children?.[1];
    } else if (node.type === 'array' && typeof seg === 'number') {
      next = node.children?.[seg];
    }
    if (!next) return { node, depth };
    node = next;
  }
  return { node, depth: path.length };
}

/** True when the text itself writes this path (a default filled in by the schema is not written). */
export function written(doc: JsonDocument, path: readonly Segment[]): boolean {
  return doc.tree !== undefined && nodeAt(doc.tree, path).depth === path.length;
}

/** The characters an issue is about: the value (or key) at its path, else at its first written
 * fallback, else the key of the deepest written ancestor (so a missing field marks its parent). */
export function rangeOf(doc: JsonDocument, issue: Issue): { offset: number; length: number } {
  if (issue.range) return issue.range;
  if (!doc.tree) return { offset: 0, length: 0 };
  const path = [issue.path, ...(issue.fallbacks ?? [])].find((p) => written(doc, p)) ?? issue.path;
  const { node, depth } = nodeAt(doc.tree, path);
  const wantKey = depth < path.length || issue.target === 'key';
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  if (wantKey && key) return { offset: key.offset, length: key.length };
  if (depth < path.length && (node.type === 'object' || node.type === 'array')) return { offset: node.offset, length: 1 };
  return { offset: node.offset, length: node.length };
}
