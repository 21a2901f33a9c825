// Bad search.json files: each must be refused with a message a person can act on, at the
// characters it is about (⟨ marks where the error must start).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSpecError } from '../../src/core/spec';
import { marked, parse } from './spec-helpers';

const S = '"search": {"params": {"training.lr": {"log10": [-6, -2]}}}';

interface BadSpec {
  name: string;
  source: string;
  message: string;
  path?: string;
  dataRows?: number;
}

const BAD: BadSpec[] = [
  // search.params: ranges, names, kinds
  { name: 'log10 bounds swapped', source: '{"search": {"params": {\n  "training.lr": {"log10": ⟨[-2, -6]}\n}}}', message: 'lower bound -2 is above upper bound -6 — swap them', path: 'search.params."training.lr".log10' },
  { name: 'uniform bounds swapped', source: '{"search": {"params": {"model.dropout": {"uniform": ⟨[0.5, 0.1]}}}}', message: 'lower bound 0.5 is above upper bound 0.1 — swap them' },
  { name: 'int bounds swapped', source: '{"search": {"params": {"training.epochs": {"int": ⟨[20, 10]}}}}', message: 'lower bound 20 is above upper bound 10' },
  { name: 'misspelt searched field', source: '{"search": {"params": {\n  ⟨"training.momentumm": {"uniform": [0.5, 0.9]}}}}', message: 'no such field to search — did you mean "training.momentum"?', path: 'search.params."training.momentumm"' },
  { name: 'searched field without its section', source: '{"search": {"params": {⟨"lr": {"log10": [-6, -2]}}}}', message: 'no such field to search — did you mean "training.lr"?' },
  { name: 'searching a field that cannot be searched', source: '{"search": {"params": {⟨"search.trials": {"int": [1, 5]}}}}', message: 'no such field to search — searchable: "training.lr"' },
  { name: 'log10 on an integer field', source: '{"search": {"params": {"training.batchSize": {⟨"log10": [1, 3]}}}}', message: 'training.batchSize takes whole numbers, but "log10" draws real numbers — use "int"' },
  { name: 'uniform on an integer field', source: '{"search": {"params": {"training.epochs": {⟨"uniform": [1, 3]}}}}', message: 'training.epochs takes whole numbers, but "uniform" draws real numbers' },
  { name: 'log10 on a name field', source: '{"search": {"params": {"training.optimizer": {⟨"log10": [1, 3]}}}}', message: 'training.optimizer takes names, so it cannot be drawn from "log10" — use "choice" or "values"' },
  { name: 'int on a bool field', source: '{"search": {"params": {"model.batchNorm": {⟨"int": [0, 1]}}}}', message: 'model.batchNorm takes true or false' },
  { name: 'choice checked against the field (enum)', source: '{"search": {"params": {"model.activation": {"choice": ["relu", ⟨"tanh"]}}}}', message: 'unknown activation "tanh" — valid: "relu" or "sigmoid"', path: 'search.params."model.activation".choice[1]' },
  { name: 'choice checked against the field (type)', source: '{"search": {"params": {"model.batchNorm": {"choice": [true, ⟨"yes"]}}}}', message: 'expected true or false, got the text "yes"' },
  { name: 'choice checked against the field (widths)', source: '{"search": {"params": {"model.hiddenSizes": {"choice": [[100], [⟨0]]}}}}', message: '0 is less than 1, the smallest allowed for model.hiddenSizes — a layer needs at least one unit' },
  { name: 'values checked against the field (limit)', source: '{"search": {"params": {"training.momentum": {"values": [0.5, ⟨1.5]}}}}', message: '1.5 is too large for training.momentum: it must be less than 1' },
  { name: 'uniform bound outside the field', source: '{"search": {"params": {"training.lr": {"uniform": [⟨0, 0.1]}}}}', message: '0 is too small for training.lr: it must be more than 0' },
  { name: 'empty choice', source: '{"search": {"params": {"training.optimizer": {"choice": ⟨[]}}}}', message: 'the list is empty — give at least one value' },
  { name: 'empty values', source: '{"search": {"params": {"training.lr": {"values": ⟨[]}}}}', message: 'the list is empty' },
  { name: 'range of three numbers', source: '{"search": {"params": {"training.lr": {"log10": ⟨[-6, -4, -2]}}}}', message: 'a range is two numbers [lower, upper], got 3' },
  { name: 'int range of fractions', source: '{"search": {"params": {"training.epochs": {"int": [⟨1.5, 3]}}}}', message: '1.5 is not a whole number' },
  { name: 'log10 exponent out of bounds', source: '{"search": {"params": {"training.lr": {"log10": [-6, ⟨40]}}}}', message: '40 is more than 30, the most allowed' },
  { name: 'log10 range beyond the field', source: '{"search": {"params": {"training.momentum": {"log10": [-2, ⟨0]}}}}', message: '10^0 = 1 is more than training.momentum accepts (less than 1) — log10 bounds are exponents' },
  { name: 'unknown distribution', source: '{"search": {"params": {"training.lr": {⟨"loguniform": [-6, -2]}}}}', message: 'write {"log10": [lo, hi]} with exponents' },
  { name: 'misspelt distribution', source: '{"search": {"params": {"training.lr": {⟨"unifrom": [0.1, 0.2]}}}}', message: '"unifrom" is not a distribution — did you mean "uniform"?' },
  { name: 'two distributions', source: '{"search": {"params": {"training.lr": ⟨{"log10": [-6, -2], "uniform": [0.1, 1]}}}}', message: 'give exactly one distribution, not "log10" and "uniform"' },
  { name: 'no distribution', source: '{"search": {"params": {"training.lr": ⟨{}}}}', message: 'no distribution given — use one of "log10", "uniform", "int", "choice" or "values"' },
  { name: 'nothing searched', source: '{"search": {"params": ⟨{}}}', message: 'nothing to search — name at least one field' },
  { name: 'grid over a range', source: '{"search": {"method": "grid", "params": {\n  "training.lr": {⟨"log10": [-6, -2]}}}}', message: 'grid search needs a list here — write {"values": [...]} instead of "log10"' },
  { name: 'searched trainSize beyond the data', source: '{"search": {"params": {"data.trainSize": {"int": ⟨[100, 70000]}}}}', message: '70000 is more than the 60000 rows of the data' },
  // data
  { name: 'trainSize beyond MNIST', source: `{"data": {"trainSize": ⟨70000}, ${S}}`, message: '70000 is more than the 60000 rows of the data', path: 'data.trainSize' },
  { name: 'trainSize beyond the rows of an IDX folder', source: `{"data": {"source": {"idx": "d"}, "trainSize": ⟨2000}, ${S}}`, message: '2000 is more than the 1000 rows of the data', dataRows: 1000 },
  { name: 'validation share of nothing', source: `{"data": {"trainSize": 500, "validationRate": ⟨0.001}, ${S}}`, message: 'int(500 × 0.001) = 0 validation images — raise validationRate or trainSize' },
  { name: 'validationRate of 1 or more', source: `{"data": {"validationRate": ⟨1.5}, ${S}}`, message: '1.5 is too large: it must be less than 1' },
  { name: 'unknown source', source: `{"data": {"source": ⟨"cifar"}, ${S}}`, message: 'unknown source "cifar" — valid: "mnist", or an object with "idx"' },
  { name: 'source of the wrong type', source: `{"data": {"source": ⟨3}, ${S}}`, message: 'expected "mnist" or an object with "idx", got 3' },
  { name: 'idx without a folder', source: `{"data": {"source": {"idx": ⟨""}}, ${S}}`, message: 'must not be empty' },
  { name: 'source object without idx', source: `{"data": {⟨"source": {}}, ${S}}`, message: 'missing "idx" — give the folder of the IDX files' },
  // model
  { name: 'hidden size 0', source: `{"model": {"hiddenSizes": [100, ⟨0]}, ${S}}`, message: '0 is less than 1, the smallest allowed — a layer needs at least one unit', path: 'model.hiddenSizes[1]' },
  { name: 'too wide a layer', source: `{"model": {"hiddenSizes": [⟨5000]}, ${S}}`, message: '5000 is more than 4096, the most allowed — wider layers would not fit in memory' },
  { name: 'too deep a net', source: `{"model": {"hiddenSizes": ⟨[${Array(33).fill(10).join(',')}]}, ${S}}`, message: '33 hidden layers is more than the 32 allowed' },
  { name: 'too many parameters', source: `{"model": {"hiddenSizes": ⟨[4096, 4096, 4096, 4096]}, ${S}}`, message: '784 → 4096×4 → 10 has 53,600,266 parameters, more than the 50,000,000 allowed' },
  { name: 'unknown activation', source: `{"model": {"activation": ⟨"tanh"}, ${S}}`, message: 'unknown activation "tanh" — valid: "relu" or "sigmoid"' },
  { name: 'negative init scale', source: `{"model": {"weightInit": ⟨-1}, ${S}}`, message: '-1 is too small: it must be more than 0' },
  { name: 'misspelt init name', source: `{"model": {"weightInit": ⟨"xavir"}, ${S}}`, message: 'unknown weightInit "xavir" — did you mean "xavier"? Valid: "he", "relu", "xavier" or "sigmoid", or a number' },
  { name: 'batchNorm as text', source: `{"model": {"batchNorm": ⟨"true"}, ${S}}`, message: 'expected true or false, got the text "true" — write it without quotes' },
  { name: 'dropout ratio of 1', source: `{"model": {"dropout": ⟨1}, ${S}}`, message: '1 is too large: it must be less than 1' },
  // training
  { name: 'unknown optimizer', source: `{"training": {"optimizer": ⟨"adamw"}, ${S}}`, message: 'unknown optimizer "adamw" — did you mean "adam"? Valid: "sgd", "momentum", "nesterov", "adagrad", "rmsprop" or "adam"' },
  { name: 'batch larger than the training rows', source: `{"training": {"batchSize": ⟨500}, ${S}}`, message: '500 is larger than the 400 training rows (trainSize 500 minus 20% validation)', path: 'training.batchSize' },
  { name: 'default batch larger than a small trainSize', source: `{"data": {"trainSize": ⟨50}, ${S}}`, message: '100 (the default) is larger than the 40 training rows (trainSize 50 minus 20% validation)' },
  { name: 'batch too large for memory', source: `{"training": {"batchSize": ⟨70000}, ${S}}`, message: '70000 is more than 60000, the most allowed — larger batches would not fit in memory' },
  { name: 'zero epochs', source: `{"training": {"epochs": ⟨0}, ${S}}`, message: '0 is less than 1, the smallest allowed' },
  { name: 'too many epochs', source: `{"training": {"epochs": ⟨20000}, ${S}}`, message: '20000 is more than 10000, the most allowed — so that every trial ends' },
  { name: 'epochs as a word', source: `{"training": {"epochs": ⟨"fifty"}, ${S}}`, message: 'expected a whole number, got the text "fifty"' },
  { name: 'learning rate in quotes', source: `{"training": {"lr": ⟨"0.01"}, ${S}}`, message: 'expected a number, got the text "0.01" — write it without quotes: 0.01' },
  { name: 'learning rate of 0', source: `{"training": {"lr": ⟨0}, ${S}}`, message: '0 is too small: it must be more than 0' },
  { name: 'book-style name', source: `{"training": {⟨"learning_rate": 0.1}, ${S}}`, message: 'unknown field "learning_rate" in training — did you mean "lr"?', path: 'training.learning_rate' },
  { name: 'snake_case name', source: `{"training": {⟨"batch_size": 10}, ${S}}`, message: 'did you mean "batchSize"?' },
  // search
  { name: 'missing search', source: '⟨{"training": {"lr": 0.1}}', message: 'missing "search" — say what to search' },
  { name: 'missing params', source: '{⟨"search": {"trials": 5}}', message: 'missing "params" — name the fields to search' },
  { name: 'too many trials', source: '{"search": {"trials": ⟨20000, "params": {"training.lr": {"log10": [-6, -2]}}}}', message: '20000 is more than 10000, the most allowed — so that the run ends' },
  { name: 'fractional trials', source: '{"search": {"trials": ⟨10.5, "params": {"training.lr": {"log10": [-6, -2]}}}}', message: '10.5 is not a whole number' },
  { name: 'unknown method', source: '{"search": {"method": ⟨"bayes", "params": {"training.lr": {"log10": [-6, -2]}}}}', message: 'unknown method "bayes" — valid: "random", "grid" or "tpe"' },
  { name: 'unknown pruner field', source: '{"search": {"prune": {"method": "median", ⟨"minEpochs": 3}, "params": {"training.lr": {"log10": [-6, -2]}}}}', message: 'unknown field "minEpochs" in search.prune — use one of "method", "warmupEpochs" or "minTrials"' },
  { name: 'pruner without a method', source: '{"search": {⟨"prune": {"warmupEpochs": 3}, "params": {"training.lr": {"log10": [-6, -2]}}}}', message: 'missing "method" — use "median" or "asha", or set prune to null' },
  { name: 'pruner as a word', source: '{"search": {"prune": ⟨"median", "params": {"training.lr": {"log10": [-6, -2]}}}}', message: 'expected an object { … } or null, got the text "median"' },
  { name: 'asha factor below 2', source: '{"search": {"prune": {"method": "asha", "reductionFactor": ⟨1}, "params": {"training.lr": {"log10": [-6, -2]}}}}', message: '1 is less than 2, the smallest allowed' },
  { name: 'tpe gamma of 1', source: '{"search": {"method": "tpe", "tpe": {"gamma": ⟨1}, "params": {"training.lr": {"log10": [-6, -2]}}}}', message: '1 is too large: it must be less than 1' },
  // run, top level
  { name: 'zero workers', source: `{"run": {"workers": ⟨0}, ${S}}`, message: '0 is less than 1, the smallest allowed' },
  { name: 'workers as a word', source: `{"run": {"workers": ⟨"many"}, ${S}}`, message: 'unknown workers "many" — valid: "auto", or a whole number' },
  { name: 'unknown backend', source: `{"run": {"backend": ⟨"cuda"}, ${S}}`, message: 'unknown backend "cuda" — valid: "auto", "js", "wasm" or "gpu"' },
  { name: 'backend of the wrong type', source: `{"run": {"backend": ⟨1}, ${S}}`, message: 'expected text in double quotes, got 1' },
  { name: 'field in the wrong section', source: `{⟨"epochs": 5, ${S}}`, message: 'unknown field "epochs" at the top level — it belongs in "training" as "epochs"' },
  { name: 'unknown top-level field', source: `{⟨"comment": "x", ${S}}`, message: 'unknown field "comment" at the top level — use one of "name", "data", "model", "training", "search" or "run"' },
  { name: 'name unfit for a folder', source: `{"name": ⟨"my search", ${S}}`, message: 'may only use letters, digits, ".", "_" and "-" (it names the run folder)' },
  { name: 'top level not an object', source: '⟨[1, 2]', message: 'the top level must be an object { … }' },
  // the text itself
  { name: 'duplicate key', source: `{"training": {"lr": 0.1,\n  ⟨"lr": 0.2}, ${S}}`, message: 'duplicate field "lr": it is already set at line 1, column 15', path: 'training.lr' },
  { name: 'missing comma', source: '{"training": {"lr": 0.1\n  ⟨"epochs": 5}}', message: 'expected a comma between the items' },
  { name: 'single quotes', source: "{⟨'training': {}}", message: "unexpected ' — JSON needs double quotes" },
  { name: 'Python True', source: '{"model": {"batchNorm": ⟨True}}', message: 'unexpected True — JSON writes true in lower case' },
  { name: 'unquoted name', source: '{⟨training: {}}', message: 'unexpected training — names and text need double quotes: "training"' },
  { name: 'unclosed object', source: '{"training": {"lr": 0.1}⟨', message: 'expected "}" to close the object' },
  { name: 'unclosed text', source: '{"name": ⟨"book}', message: 'this text is never closed with a double quote' },
  { name: 'searched nets too deep', source: `{"search": {"params": {"model.hiddenSizes": {"choice": [[10], ⟨[${Array(40).fill(10).join(',')}]]}}}}`, message: '40 hidden layers is more than the 32 allowed' },
  { name: 'a list longer than any spec has', source: `{"search": {"params": {"training.lr": {"choice": ⟨[${Array(1001).fill(0.1).join(',')}]}}}}`, message: 'a list of 1,001 items, more than any list of a search.json may have (1000)' },
  { name: 'an object larger than any spec has', source: `{"search": {"params": ⟨{${Array.from({ length: 101 }, (_, i) => `"p${i}": 1`).join(',')}}}}`, message: 'an object with 101 fields, more than any object of a search.json may have (100)' },
  { name: 'empty file', source: '⟨  // nothing yet\n', message: 'the file is empty' },
  { name: 'nested too deep', source: `${'['.repeat(64)}⟨${'['.repeat(10)}`, message: 'nested more than 64 levels deep' },
];

test('the table holds at least 40 bad specs', () => assert.ok(BAD.length >= 40, `${BAD.length}`));

for (const c of BAD) {
  test(`bad spec: ${c.name}`, () => {
    const { text, at } = marked(c.source);
    const { spec, errors } = parse(text, c.dataRows === undefined ? {} : { dataRows: c.dataRows });
    assert.equal(spec, undefined, 'an invalid spec must not resolve');
    const hit = errors.find((e) => e.severity === 'error' && e.message.includes(c.message));
    assert.ok(hit, `no error containing ${JSON.stringify(c.message)}; got:\n${errors.map(formatSpecError).join('\n')}`);
    assert.equal(`${hit.line}:${hit.column}`, at, `position of: ${formatSpecError(hit)}`);
    if (c.path !== undefined) assert.equal(hit.path, c.path);
  });
}
