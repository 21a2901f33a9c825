// What a good search.json resolves to: the schema's defaults (the book's values), the book's
// §6.5 example exactly, the text conveniences (BOM, comments, trailing commas), warnings.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatSpecError, nameFromFile, parseSpec } from '../../src/core/spec';
import { loadSpec } from '../../src/core/load-spec';
import { marked, parse } from './spec-helpers';

const EXAMPLES = join(__dirname, '../../examples');
const MINIMAL = '{"search": {"params": {"training.lr": {"log10": [-6, -2]}}}}';

test('a minimal spec gets the book\'s values as defaults', () => {
  const { spec, errors } = parse(MINIMAL);
  assert.deepEqual(errors, []);
  assert.ok(spec);
  assert.deepEqual(spec.data, { source: 'mnist', trainSize: 500, validationRate: 0.2, seed: 1 });
  assert.deepEqual(spec.model, { hiddenSizes: [100, 100, 100, 100, 100, 100], activation: 'relu', weightInit: 'he', batchNorm: false, dropout: 0 });
  assert.deepEqual(spec.training, { epochs: 50, batchSize: 100, optimizer: 'sgd', lr: 0.01, weightDecay: 0, momentum: 0.9, decayRate: 0.99, beta1: 0.9, beta2: 0.999 });
  const { params, ...search } = spec.search;
  assert.deepEqual(search, { method: 'random', trials: 100, seed: 1, objective: 'valAcc', keepWeights: 20, prune: null, tpe: { startupTrials: 10, candidates: 24, gamma: 0.25 } });
  assert.deepEqual(params, { 'training.lr': { log10: [-6, -2] } });
  assert.deepEqual(spec.run, { workers: 'auto', backend: 'auto', fuse: 'auto' });
});

test('pruners get their defaults filled', () => {
  const median = parse('{"search": {"prune": {"method": "median"}, "params": {"training.lr": {"log10": [-6, -2]}}}}').spec;
  assert.deepEqual(median?.search.prune, { method: 'median', warmupEpochs: 5, minTrials: 5 });
  const asha = parse('{"search": {"prune": {"method": "asha", "minEpochs": 2}, "params": {"training.lr": {"log10": [-6, -2]}}}}').spec;
  assert.deepEqual(asha?.search.prune, { method: 'asha', minEpochs: 2, reductionFactor: 3, metric: 'valAcc', bootstrapTrials: 0 });
});

test('the book example resolves to exactly the book\'s §6.5 experiment', () => {
  const { spec, errors } = loadSpec(join(EXAMPLES, 'book-6.5/search.json'));
  assert.deepEqual(errors, []);
  assert.ok(spec);
  assert.equal(spec.name, 'book-6.5');
  assert.deepEqual(spec.data, { source: 'mnist', trainSize: 500, validationRate: 0.2, seed: 1 });
  assert.deepEqual(spec.model.hiddenSizes, Array(6).fill(100));
  assert.equal(spec.model.activation, 'relu');
  assert.equal(spec.model.weightInit, 'he');
  assert.equal(spec.model.batchNorm, false);
  assert.equal(spec.model.dropout, 0);
  assert.equal(spec.training.optimizer, 'sgd');
  assert.equal(spec.training.epochs, 50);
  assert.equal(spec.training.batchSize, 100);
  assert.equal(spec.search.method, 'random');
  assert.equal(spec.search.trials, 100);
  assert.equal(spec.search.seed, 1);
  assert.equal(spec.search.prune, null);
  // The book draws weight decay first, then the learning rate: the order is part of the experiment.
  assert.deepEqual(Object.entries(spec.search.params), [['training.weightDecay', { log10: [-8, -4] }], ['training.lr', { log10: [-6, -2] }]]);
  assert.equal(Object.hasOwn(spec, '$schema'), false, 'the editor\'s $schema is not part of the resolved spec');
});

test('every example parses with no errors and no warnings, and points at the schema', () => {
  const folders = readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.ok(folders.length >= 6, folders.join());
  for (const folder of folders) {
    const file = join(EXAMPLES, folder, 'search.json');
    const { spec, errors } = loadSpec(file);
    assert.deepEqual(errors.map(formatSpecError), [], folder);
    assert.equal(spec?.name, folder);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).$schema, '../../src/core/spec/search.schema.json');
  }
});

test('comments and trailing commas are allowed', () => {
  const text = `// the book's search
{
  /* weight decay first */
  "search": {"params": {"training.weightDecay": {"log10": [-8, -4],},},},
}`;
  const { spec, errors } = parse(text);
  assert.deepEqual(errors, []);
  assert.deepEqual(spec?.search.params, { 'training.weightDecay': { log10: [-8, -4] } });
});

test('a BOM is skipped: lines and columns as the editor shows them, offsets into the given text', () => {
  const { text, at } = marked('{"training": {"epochs": ⟨0}, "search": {"params": {"training.lr": {"log10": [-6, -2]}}}}');
  const plain = parse(text).errors;
  const withBom = parse(`\uFEFF${text}`).errors;
  assert.equal(withBom.length, 1);
  assert.equal(`${withBom[0]!.line}:${withBom[0]!.column}`, at);
  assert.deepEqual({ ...withBom[0], offset: withBom[0]!.offset - 1 }, plain[0]);
  assert.equal(`\uFEFF${text}`.slice(withBom[0]!.offset, withBom[0]!.offset + withBom[0]!.length), '0');
  assert.ok(parse(`\uFEFF${MINIMAL}`).spec);
});

test('CRLF and CR line endings count lines as editors do', () => {
  for (const eol of ['\r\n', '\r']) {
    const { errors } = parse(['{', '  "training": {', '    "epochs": 0', '  },', '  "search": {"params": {"training.lr": {"log10": [-6, -2]}}}', '}'].join(eol));
    assert.deepEqual([errors[0]?.line, errors[0]?.column], [3, 15]);
  }
});

test('each error has the range of the offending value (or key)', () => {
  const text = '{"training": {"batchSize": 500, "lr": 0.1, "lerning": 1}, "search": {"params": {"training.lr": {"log10": [-6, -2]}}}}';
  const { errors } = parse(text);
  const slice = (e: (typeof errors)[number]) => text.slice(e.offset, e.offset + e.length);
  assert.deepEqual(errors.map(slice), ['"lerning"']);
  const semantic = parse(text.replace(', "lerning": 1', '')).errors;
  assert.deepEqual(semantic.map(slice), ['500']);
  assert.deepEqual([semantic[0]!.line, semantic[0]!.column, semantic[0]!.endLine, semantic[0]!.endColumn], [1, 28, 1, 31]);
});

test('duplicate keys: an error at the second one', () => {
  const { text, at } = marked('{\n  "search": {"params": {"training.lr": {"log10": [-6, -2]}}},\n  ⟨"search": {"params": {"training.lr": {"log10": [-5, -2]}}}\n}');
  const { spec, errors } = parse(text);
  assert.equal(spec, undefined);
  assert.equal(errors.length, 1);
  assert.equal(`${errors[0]!.line}:${errors[0]!.column}`, at);
  assert.match(errors[0]!.message, /duplicate field "search": it is already set at line 2, column 3/);
});

test('"__proto__" is an unknown field, not a prototype', () => {
  const { spec, errors } = parse('{"__proto__": {"polluted": 1}, "search": {"params": {"training.lr": {"log10": [-6, -2]}}}}');
  assert.equal(spec, undefined);
  assert.match(errors[0]!.message, /unknown field "__proto__"/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

const warningsOf = (text: string) => {
  const { spec, errors } = parse(text);
  assert.ok(spec, `warnings must not stop the spec: ${errors.map(formatSpecError).join('\n')}`);
  return errors.filter((e) => e.severity === 'warning');
};

test('warnings: settings that change nothing or waste trials, and the spec still resolves', () => {
  const cases: Array<[string, string]> = [
    ['{"search": {"method": "grid", "trials": 4, "params": {"training.lr": {"values": [0.1, 0.01, 0.001]}, "model.batchNorm": {"values": [true, false]}}}}', 'the grid has 6 points but trials is 4: only the first 4 run'],
    ['{"search": {"method": "tpe", "trials": 10, "params": {"training.lr": {"log10": [-6, -2]}}}}', 'all 10 trials are random start-up trials (startupTrials 10)'],
    ['{"search": {"params": {"training.beta1": {"uniform": [0.8, 0.99]}}}}', 'training.beta1 has no effect with optimizer "sgd": only adam uses it'],
    ['{"search": {"params": {"training.lr": {"log10": [-3, -3]}}}}', 'both bounds are -3, so every trial gets the same value'],
    ['{"search": {"params": {"training.lr": {"choice": [0.1, 0.01, 0.1]}}}}', '0.1 is listed twice'],
    ['{"training": {"epochs": 5}, "search": {"prune": {"method": "asha", "minEpochs": 5}, "params": {"training.lr": {"log10": [-6, -2]}}}}', 'minEpochs 5 is not less than training.epochs 5'],
  ];
  for (const [text, message] of cases) {
    const warnings = warningsOf(text);
    assert.ok(warnings.some((w) => w.message.includes(message)), `${message}\n${warnings.map(formatSpecError).join('\n')}`);
  }
  assert.deepEqual(warningsOf('{"search": {"params": {"training.momentum": {"uniform": [0.5, 0.9]}, "training.optimizer": {"choice": ["sgd", "momentum"]}}}}'), []);
});

test('searching a field that the spec also sets is fine: the search wins', () => {
  const { spec, errors } = parse('{"training": {"lr": 0.1}, "search": {"params": {"training.lr": {"log10": [-6, -2]}}}}');
  assert.deepEqual(errors, []);
  assert.equal(spec?.training.lr, 0.1);
});

test('formatSpecError: file:line:col: path: message, and warnings say so', () => {
  const [e] = parse('{"training": {"epochs": 0}, "search": {"params": {"training.lr": {"log10": [-6, -2]}}}}').errors;
  assert.equal(formatSpecError(e!), 'test/search.json:1:25: training.epochs: 0 is less than 1, the smallest allowed');
  const [w] = parse('{"search": {"params": {"training.lr": {"log10": [-3, -3]}}}}').errors;
  assert.match(formatSpecError(w!), /^test\/search\.json:1:\d+: warning: search\.params\."training\.lr"\.log10: /);
  const [s] = parse('{').errors;
  assert.match(formatSpecError(s!), /^test\/search\.json:1:2: expected/);
});

test('the name defaults to the folder of search.json, or X of X.search.json', () => {
  assert.equal(nameFromFile('/w/examples/book-6.5/search.json'), 'book-6.5');
  assert.equal(nameFromFile('/w/adam vs sgd.search.json'), 'adam-vs-sgd');
  assert.equal(nameFromFile('/w/other.json'), 'other');
  assert.equal(nameFromFile('search.json'), 'search');
  assert.equal(parseSpec(MINIMAL, '/w/lr-only/search.json').spec?.name, 'lr-only');
  assert.equal(parse(`{"name": "mine", ${MINIMAL.slice(1)}`).spec?.name, 'mine');
});

test('dataRows: taken from opts, 60000 for mnist, unknown (unchecked) for an IDX folder', () => {
  const idx = '{"data": {"source": {"idx": "d"}, "trainSize": 100000}, "search": {"params": {"training.lr": {"log10": [-6, -2]}}}}';
  assert.ok(parse(idx).spec);
  assert.equal(parse(idx, { dataRows: 50000 }).spec, undefined);
});
