import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { END, START, currentReference, referenceMarkdown, withReference, SCHEMA_PATH, REFERENCE_PATH } from '../../scripts/gen-reference';

const readme = readFileSync('README.md', 'utf8');
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

test("docs/search-json.md is the reference the schema generates (run scripts/gen-reference.ts after a schema change), and README links it", () => {
  const { doc, expected } = currentReference();
  assert.ok(doc === expected, `${REFERENCE_PATH} is stale: node --import tsx scripts/gen-reference.ts`);
  assert.ok(readme.includes(`](${REFERENCE_PATH})`), 'README links the reference');
});

test('the reference names every field of the schema, its default and its bounds', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
  const section = referenceMarkdown(schema);
  for (const [group, s] of Object.entries(schema.properties as Record<string, any>)) {
    for (const key of Object.keys(s.properties ?? {})) {
      const path = group === 'search' && key === 'params' ? 'search.params' : `${group}.${key}`;
      assert.ok(section.includes(`**\`${path}\`**`), path);
    }
  }
  for (const param of Object.keys(schema.properties.search.properties.params.properties)) assert.ok(section.includes(`**\`${param}\`** (`), param);
  assert.match(section, /\*\*`training\.epochs`\*\* — integer, 1 ≤ x ≤ 10,000; default `50`/);
  assert.match(section, /\*\*`search\.prune\.reductionFactor`\*\* \(with `"method": "asha"`\)/);
  assert.match(section, /^  ```json$/m, "a description's code block stays inside its list item");
});

test('withReference replaces only what lies between the markers', () => {
  const doc = `intro\n${START}\nold\n${END}\noutro\n`;
  assert.equal(withReference(doc, 'new'), `intro\n${START}\nnew\n${END}\noutro\n`);
  assert.throws(() => withReference('no markers', 'x'), /markers/);
});

test('README: the two set-up commands, a Japanese summary, the screenshots, the Measured table, the changelog', () => {
  assert.ok(readme.includes('npm install && npm run search -- examples/book-6.5/search.json'));
  assert.ok(readme.includes('\nnpm test\n'));
  assert.ok(existsSync('examples/book-6.5/search.json'));
  assert.match(manifest.scripts.search, /node bin\/hparam-lab\.js run$/, 'npm run search -- SPEC runs the CLI on SPEC');
  assert.ok(manifest.scripts.test);
  assert.match(readme.slice(0, 1500), /ゼロから作るDeep Learning/, 'a Japanese summary at the top');
  for (const image of ['panel-dark', 'panel-light', 'panel-best20-dark', 'panel-best20-light', 'tree-dark', 'tree-light']) {
    assert.ok(readme.includes(`(docs/images/${image}.png)`), `README shows ${image}`);
  }
  const measured = readme.slice(readme.indexOf('## Measured'));
  assert.match(measured, /\| engine \| workers \| wall s \|.*\| peak RSS \|/);
  assert.ok(existsSync('CHANGELOG.md'));
  assert.match(readFileSync('CHANGELOG.md', 'utf8'), new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'));
});
