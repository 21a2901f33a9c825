import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_STRINGS } from '../../src/panel/strings';

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const nls = json('package.nls.json');
const nlsJa = json('package.nls.ja.json');
const bundle = json('l10n/bundle.l10n.json');
const bundleJa = json('l10n/bundle.l10n.ja.json');

const JAPANESE_TEXT = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** Names that read the same in Japanese. */
const SAME_IN_JAPANESE = new Set(['Hyperparameter Lab', 'Hyperparameter Lab — {0}', 'Best-{0}']);
const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();
const commandLinks = (s: string) => (s.match(/\(command:[^)]*\)/g) ?? []).sort();
const codeSpans = (s: string) => (s.match(/`[^`]*`/g) ?? []).sort();

/** The book's Japanese terms: where the English says the left, the Japanese says the right. */
const GLOSSARY: Array<[RegExp, string]> = [
  [/hyperparameter search/i, 'ハイパーパラメータ'],
  [/learning rate/i, '学習係数'],
  [/weight decay/i, 'Weight decay'],
  [/validation accuracy/i, '検証データの認識精度'],
  [/training accuracy/i, '訓練データの認識精度'],
  [/\bval acc\b/, '検証'],
  [/\bepochs?\b/i, 'エポック'],
];

function assertTranslated(english: Record<string, string>, japanese: Record<string, string>, file: string) {
  assert.deepEqual(Object.keys(english).filter((k) => !(k in japanese)), [], `${file} lacks these`);
  assert.deepEqual(Object.keys(japanese).filter((k) => !(k in english)), [], `${file} has stale entries`);
  for (const [key, en] of Object.entries(english)) {
    const ja = japanese[key]!;
    assert.ok(JAPANESE_TEXT.test(ja) || (SAME_IN_JAPANESE.has(en) && ja === en), `${file}: "${key}" is not translated: ${ja}`);
    assert.deepEqual(placeholders(ja), placeholders(en), `${file}: placeholders of "${key}"`);
    assert.deepEqual(commandLinks(ja), commandLinks(en), `${file}: command links of "${key}"`);
    for (const [term, jaTerm] of GLOSSARY) if (term.test(en)) assert.ok(ja.includes(jaTerm), `${file}: "${key}" should say ${jaTerm}: ${ja}`);
  }
}

test('package.nls.ja.json translates every manifest string, keeping command links and placeholders', () => {
  assertTranslated(nls, nlsJa, 'package.nls.ja.json');
  for (const [key, en] of Object.entries(nls)) {
    if (key.startsWith('config.')) assert.deepEqual(codeSpans(nlsJa[key]!), codeSpans(en), `code spans of ${key}`);
  }
});

test('l10n/bundle.l10n.ja.json translates every runtime message of the host and the panel', () => {
  assert.deepEqual(Object.keys(bundle).filter((k) => bundle[k] !== k), [], 'the English template maps each message to itself');
  assertTranslated(bundle, bundleJa, 'l10n/bundle.l10n.ja.json');
  // the panel's words reach the webview through the host's t(), so they need the bundle too
  for (const english of Object.values(DEFAULT_STRINGS)) assert.ok(english in bundleJa, `the panel's "${english}"`);
});

test('the walkthrough: the book\'s five steps, each with a command button, a localised text and a Japanese page', () => {
  const [walkthrough] = manifest.contributes.walkthroughs as Array<{ title: string; description: string; steps: any[] }>;
  assert.ok(walkthrough, 'contributes.walkthroughs');
  const commands = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ['create', 'run', 'read', 'narrow', 'again', 'test', 'report']);
  for (const text of [walkthrough.title, walkthrough.description]) assert.match(text, /^%[\w.]+%$/);
  for (const step of walkthrough.steps) {
    for (const field of ['title', 'description']) assert.match(step[field], /^%[\w.]+%$/, `${step.id}.${field} goes through package.nls`);
    const description = nls[step.description.slice(1, -1)]!;
    const [link] = commandLinks(description);
    assert.ok(link, `${step.id} has a command button`);
    const command = link.slice('(command:'.length, -1).split('?')[0]!;
    assert.ok(commands.has(command), `${step.id} runs a contributed command (${command})`);
    for (const event of step.completionEvents ?? []) {
      if (event.startsWith('onCommand:')) assert.ok(commands.has(event.slice('onCommand:'.length)), event);
    }
    // VS Code looks for <name>.nls.<locale>.md beside the markdown media before <name>.md
    const page = step.media.markdown as string;
    assert.ok(existsSync(page), page);
    const japanesePage = page.replace(/\.md$/, '.nls.ja.md');
    assert.ok(existsSync(japanesePage), japanesePage);
    assert.match(readFileSync(japanesePage, 'utf8'), JAPANESE_TEXT);
  }
});
