// Hostile search.json files for the fuzz tests: the book's spec with one field replaced by a value
// of the wrong kind (huge, NaN as text, deep, empty, prototype keys), then dressed at the text
// level (BOM, comments, duplicate keys, CRLF, a stray character) or at the byte level (bytes that
// are not UTF-8, a UTF-16 mark, NUL). Values travel as raw JSON text, so `__proto__` stays a key
// and `NaN` stays a bare word.
import fc from 'fast-check';

export const BOOK_SPEC = {
  name: 'book-6.5',
  data: { source: 'mnist', trainSize: 500, validationRate: 0.2, seed: 1 },
  model: { hiddenSizes: [100, 100, 100, 100, 100, 100], activation: 'relu', weightInit: 'he', batchNorm: false, dropout: 0 },
  training: { epochs: 50, batchSize: 100, optimizer: 'sgd', lr: 0.01, weightDecay: 0 },
  search: {
    method: 'random', trials: 100, seed: 1, objective: 'valAcc',
    params: { 'training.weightDecay': { log10: [-8, -4] }, 'training.lr': { log10: [-6, -2] } },
    prune: null,
  },
  run: { workers: 'auto', backend: 'auto' },
};

/** Where a hostile value goes: existing fields, and new keys that name the prototype chain. */
const PATHS: string[][] = [
  [], ['name'], ['data'], ['data', 'source'], ['data', 'trainSize'], ['data', 'validationRate'], ['data', 'seed'],
  ['model'], ['model', 'hiddenSizes'], ['model', 'hiddenSizes', '0'], ['model', 'activation'], ['model', 'dropout'],
  ['training', 'epochs'], ['training', 'batchSize'], ['training', 'lr'], ['training', 'optimizer'],
  ['search'], ['search', 'method'], ['search', 'trials'], ['search', 'seed'], ['search', 'params'],
  ['search', 'params', 'training.lr'], ['search', 'params', 'training.lr', 'log10'], ['search', 'params', 'training.lr', 'log10', '1'],
  ['search', 'prune'], ['run', 'workers'], ['run', 'backend'],
  ['__proto__'], ['constructor'], ['prototype'], ['model', '__proto__'], ['search', 'params', '__proto__'],
  ['search', 'params', 'constructor'], ['training', 'constructor'],
];

const POLLUTERS = [
  '{"polluted": "yes"}',
  '{"__proto__": {"polluted": "yes"}}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  '{"prototype": {"polluted": "yes"}, "toString": 1, "hasOwnProperty": 2}',
];

const deep = (levels: number, inner: string) => '{"a": '.repeat(levels) + inner + '}'.repeat(levels);

/** Raw JSON text (or JSON-like text) of one hostile value. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('1e12', '1e308', '-1e308', '1e309', '-0', '0', '-1', '9007199254740993', '5e-324', '1e9', '0.5', '4097'),
  fc.constantFrom('"NaN"', '"Infinity"', '"-Infinity"', '""', '"1e12"', '"true"', '"0x10"', '"\\u0000"'),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', 'undefined', 'True', "'relu'"), // not JSON at all
  fc.constantFrom('true', 'false', 'null', '[]', '{}', '[1e9]', '[0]', '[-1]', '[[]]', '[null]', '["100"]', '[1e9, 1e9, 1e9]'),
  fc.constantFrom(...POLLUTERS),
  fc.integer({ min: 1, max: 120 }).map((levels) => deep(levels, '1')),
  fc.integer({ min: 1000, max: 1500 }).map((n) => `[${Array(n).fill('1').join(',')}]`),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
);

const HOLE = 'HOLE-7f3a';

/** The book's spec as text with the value at `path` replaced (or added) by `raw`. */
export function withValueAt(path: string[], raw: string): string {
  if (path.length === 0) return raw;
  const doc = structuredClone(BOOK_SPEC) as Record<string, unknown>;
  let node = doc;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  // defineProperty: a plain assignment of "__proto__" would set the prototype, not write a key
  Object.defineProperty(node, path.at(-1)!, { value: HOLE, enumerable: true, writable: true, configurable: true });
  return JSON.stringify(doc, null, 2).replace(`"${HOLE}"`, raw);
}

type Dress = (text: string, at: number, char: string) => string;
const DRESSES: Record<string, Dress> = {
  plain: (t) => t,
  bom: (t) => `\uFEFF${t}`,
  comments: (t) => `// the book's search\n/* block */ ${t.replace('\n', '\n  // a line comment\n')}`,
  duplicateKeys: (t) => t.replace('{', '{\n  "name": "first", "search": {},'),
  trailingComma: (t) => t.replace(/\n}\s*$/, ',\n}'),
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  strayChar: (t, at, char) => t.slice(0, at % (t.length + 1)) + char + t.slice(at % (t.length + 1)),
  truncated: (t, at) => t.slice(0, at % (t.length + 1)),
};

type Spoil = (bytes: Buffer, at: number) => Buffer;
const SPOILERS: Record<string, Spoil> = {
  none: (b) => b,
  invalidUtf8: (b, at) => Buffer.concat([b.subarray(0, at % b.length), Buffer.from([0xff, 0xfe, 0xc3]), b.subarray(at % b.length)]),
  overlongUtf8: (b, at) => Buffer.concat([b.subarray(0, at % b.length), Buffer.from([0xc0, 0xaf]), b.subarray(at % b.length)]),
  utf16: (b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]),
  nul: (b, at) => Buffer.concat([b.subarray(0, at % b.length), Buffer.from([0]), b.subarray(at % b.length)]),
};

export interface HostileCase {
  /** What was done, for the failure message. */
  label: string;
  text: string;
  /** The file's bytes: the text as UTF-8, possibly spoiled. */
  bytes: Buffer;
  /** Bytes that are not UTF-8 text (loadSpec must refuse them before parsing). */
  spoiled: boolean;
}

export const hostileCase: fc.Arbitrary<HostileCase> = fc
  .record({
    path: fc.constantFrom(...PATHS),
    value: hostileValue,
    dress: fc.constantFrom(...Object.keys(DRESSES)),
    spoil: fc.oneof({ weight: 4, arbitrary: fc.constant('none') }, { weight: 1, arbitrary: fc.constantFrom(...Object.keys(SPOILERS)) }),
    at: fc.nat(),
    char: fc.constantFrom('{', '}', '"', ',', ':', '\\', '/', '*', '\u2028', '\uD800', 'é', '\t', '\u0000'),
  })
  .map(({ path, value, dress, spoil, at, char }) => {
    const text = DRESSES[dress]!(withValueAt(path, value), at, char);
    const bytes = SPOILERS[spoil]!(Buffer.from(text, 'utf8'), at);
    return { label: `${path.join('.') || '(root)'} = ${value.slice(0, 60)} | ${dress} | ${spoil}`, text, bytes, spoiled: spoil !== 'none' };
  });

/** A 10 MB search.json: a valid start, then one enormous name. */
export const tenMegabytes = (): string => `{"name": "${'x'.repeat(10 * 1024 * 1024)}", "search": {"params": {"training.lr": {"log10": [-6, -2]}}}}`;

/** The own properties of Object.prototype, to check that nothing was added to it. */
export const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
