// search.schema.json is the single definition of search.json: these tests hold it to what the
// editor needs (defaults, descriptions, completions) and to the lists the code reads from it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DISTRIBUTIONS, SEARCH_SCHEMA, SEARCHABLE_PATHS } from '../../src/core/spec';
import type { JsonSchema } from '../../src/core/spec/schema';

const sections = ['data', 'model', 'training', 'search', 'run'] as const;
const props = (node: JsonSchema): Record<string, JsonSchema> => node.properties ?? {};

test('draft-07, closed objects at every level', () => {
  assert.equal(SEARCH_SCHEMA.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(SEARCH_SCHEMA.additionalProperties, false);
  for (const section of sections) assert.equal(props(SEARCH_SCHEMA)[section]!.additionalProperties, false, section);
  for (const def of Object.values(SEARCH_SCHEMA.definitions as Record<string, JsonSchema>)) assert.equal(def.additionalProperties, false);
});

test('every field of every section has a default, a description and a markdownDescription', () => {
  for (const section of sections) {
    for (const [name, field] of Object.entries(props(props(SEARCH_SCHEMA)[section]!))) {
      const where = `${section}.${name}`;
      assert.ok(typeof field.description === 'string' && field.description.length > 20, where);
      assert.ok(typeof field.markdownDescription === 'string' && (field.markdownDescription as string).length > 20, where);
      // params is the search itself; narrowedFrom is where a narrowed file came from, absent in a first search
      const noDefault = section === 'search' && (name === 'params' || name === 'narrowedFrom');
      if (!noDefault) assert.notEqual(field.default, undefined, `${where} has no default`);
    }
  }
});

test('the book\'s meaning is in the descriptions of the fields it searches', () => {
  const training = props(props(SEARCH_SCHEMA).training!);
  assert.match(training.lr!.markdownDescription as string, /学習係数 \/ learning rate.*10 \*\* np\.random\.uniform\(-6, -2\)/);
  assert.match(training.weightDecay!.markdownDescription as string, /荷重減衰 \/ weight decay.*\(-8, -4\)/);
});

test('every enum lists a description per value', () => {
  const walk = (node: unknown, where: string): void => {
    if (!node || typeof node !== 'object') return;
    const schema = node as JsonSchema;
    if (Array.isArray(schema.enum) && schema.enum.length > 1 && !where.endsWith('propertyNames')) {
      assert.equal((schema.enumDescriptions as string[] | undefined)?.length, schema.enum.length, where);
    }
    for (const [key, child] of Object.entries(schema)) walk(child, `${where}/${key}`);
  };
  walk(SEARCH_SCHEMA, '#');
});

test('search.params: the searchable paths are its property names, each with its kind', () => {
  const params = props(props(SEARCH_SCHEMA).search!).params!;
  const names = (params.propertyNames as JsonSchema).enum;
  assert.deepEqual(SEARCHABLE_PATHS.map((p) => p.path), names);
  assert.deepEqual(Object.keys(props(params)), names);
  const kinds = Object.fromEntries(SEARCHABLE_PATHS.map((p) => [p.path, p.kind]));
  for (const path of ['training.lr', 'training.weightDecay', 'training.momentum', 'training.decayRate', 'training.beta1', 'training.beta2', 'model.dropout']) assert.equal(kinds[path], 'float', path);
  for (const path of ['training.batchSize', 'training.epochs', 'data.trainSize']) assert.equal(kinds[path], 'int', path);
  for (const path of ['training.optimizer', 'model.activation', 'model.weightInit']) assert.equal(kinds[path], 'enum', path);
  assert.equal(kinds['model.batchNorm'], 'bool');
  assert.equal(kinds['model.hiddenSizes'], 'int-array');
  for (const p of SEARCHABLE_PATHS) assert.ok(props(props(SEARCH_SCHEMA)[p.section]!)[p.field], `${p.path} names a real field`);
});

test('completion inside a param offers exactly the distributions its kind takes', () => {
  for (const p of SEARCHABLE_PATHS) {
    const ref = props(props(props(SEARCH_SCHEMA).search!).params!)[p.path]!.allOf![0]!.$ref!;
    const def = (SEARCH_SCHEMA.definitions as Record<string, JsonSchema>)[ref.split('/').at(-1)!]!;
    const snippets = (def.defaultSnippets as Array<{ label: string; body: Record<string, unknown> }>).map((s) => s.label);
    assert.deepEqual(snippets, p.distributions, p.path);
    assert.deepEqual(Object.keys(props(def)), p.distributions, p.path);
  }
  const floatKind = SEARCHABLE_PATHS.find((p) => p.path === 'training.lr')!;
  assert.deepEqual(floatKind.distributions, [...DISTRIBUTIONS]);
});
