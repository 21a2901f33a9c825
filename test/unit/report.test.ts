// hparam-lab report and src/report on the recorded book run: the files it writes, a page that
// loads nothing and runs nothing, the Best-20 figure's 20 cells, notes and test accuracy when the
// run folder has them, both languages, and a clear error for a folder that is not a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeReport } from '../../src/report/index';
import { readReportData } from '../../src/report/data';
import { setNote } from '../../src/core/runs/notes';
import { recordedRunCopy } from './helpers/report-run';
import { tempDir } from './helpers/temp';

const MAIN = resolve(__dirname, '..', '..', 'src', 'cli', 'main.ts');
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', ...env } });

/** The drawn curves of one kind in the Best-20 figure: line paths with points, val solid, train dashed. */
const linePaths = (svg: string, kind: 'val' | 'train', dash: string) =>
  [...svg.matchAll(/<path aria-label="[^"]*kind: (\w+); trial: (\d+)"[^>]*d="M[^"]+L[^"]+"[^>]*stroke-dasharray="([^"]+)"/g)]
    .filter((m) => m[1] === kind && m[3] === dash).map((m) => Number(m[2]));

test('report writes report.html, best-20.svg and best-20.png beside it, with no script and no URL', async () => {
  const dir = recordedRunCopy();
  const files = await writeReport(dir, { locale: 'en' });
  assert.equal(files.html, join(dir, 'report.html'));
  for (const f of [files.html, files.svg!, files.png!]) assert.ok(existsSync(f), f);
  const png = readFileSync(files.png!);
  assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  const html = readFileSync(files.html, 'utf8');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /https?:|\/\/[a-z]/i, 'no URL of any kind');
  assert.match(html, /default-src 'none'/);
  assert.match(html, /Best-1 \(val acc:0\.\d\d\)/);
  assert.match(html, /lr:[\d.e-]+, weight decay:[\d.e-]+/, "the book's key: lr first, then weight decay");
  assert.match(html, /Best-20 \(val acc:/);
  assert.doesNotMatch(html, /Best-21 /);
  // The findings say what the book says, because the data says so (src/core/search/findings.ts).
  const findings = html.match(/<section id="findings">[\s\S]*?<\/section>/)?.[0] ?? '';
  assert.match(findings, /<li>[^<]*learning rate/i);
  assert.doesNotMatch(html, /id="test"/, 'no test section without test.json');
  // The SVG file is the figure the page shows: 20 cells, each a dashed train acc curve.
  const svg = readFileSync(files.svg!, 'utf8');
  const ranked = readReportData(dir).ranked.slice(0, 20).map((t) => t.trial).sort((a, b) => a - b);
  assert.deepEqual(linePaths(svg, 'val', '1,0').sort((a, b) => a - b), ranked, 'a solid val acc curve for each of the best 20');
  assert.deepEqual(linePaths(svg, 'train', '4,3').sort((a, b) => a - b), ranked, 'a dashed train acc curve for each of the best 20');
  const titles = new Set(svg.match(/Best-\d+ \(val acc:/g));
  assert.deepEqual([...titles].sort(), Array.from({ length: 20 }, (_, i) => `Best-${i + 1} (val acc:`).sort());
});

test('notes appear beside their trials, test accuracy with the line that it only reports', async () => {
  const dir = recordedRunCopy();
  const data = readReportData(dir);
  const [best, second] = data.ranked;
  setNote(dir, null, 'Round 1 of the book <wide>');
  setNote(dir, second!.trial, 'plateaus after epoch 30');
  writeFileSync(join(dir, 'test.json'), JSON.stringify({ trials: [{ trial: best!.trial, testAcc: 0.8123, valAcc: best!.valAcc }] }));
  const out = join(tempDir('hpl-report-out-'), 'sub', 'page.html');
  const files = await writeReport(dir, { locale: 'en', out });
  assert.equal(files.html, out);
  assert.ok(existsSync(join(dirname(out), 'best-20.svg')));
  const html = readFileSync(out, 'utf8');
  assert.match(html, /Round 1 of the book &lt;wide&gt;/, 'the run note, escaped');
  const row = new RegExp(`Trial ${second!.trial}</td><td>${second!.valAcc.toFixed(3)}</td><td>lr:[^<]+</td><td>plateaus after epoch 30`);
  assert.match(html, row);
  assert.match(html, new RegExp(`Trial ${best!.trial}: test acc 0\\.812 \\(val acc ${best!.valAcc.toFixed(3)}\\)`));
  assert.match(html, /Test data only reports/);
});

test('the report is in Japanese when asked', async () => {
  const dir = recordedRunCopy();
  writeFileSync(join(dir, 'test.json'), JSON.stringify([{ trial: 1, testAcc: 0.5 }]));
  const files = await writeReport(dir, { locale: 'ja' });
  const html = readFileSync(files.html, 'utf8');
  assert.match(html, /<html lang="ja">/);
  assert.match(html, /レポート: book-6\.5/);
  assert.match(html, /テストデータは報告のためだけに使います/);
  assert.match(html, /検証データの認識精度 val acc は実線、訓練データの認識精度 train acc は破線/);
  assert.match(html, />検証 \(val acc\)</, 'the legend in Japanese');
});

test('hparam-lab report: writes the files, and a folder that is not a run is a usage error naming it', () => {
  const dir = recordedRunCopy();
  const ok = cli(['report', dir]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /report\.html/);
  assert.ok(existsSync(join(dir, 'best-20.png')));
  const notRun = tempDir('hpl-not-a-run-');
  mkdirSync(join(notRun, 'empty'));
  const bad = cli(['report', join(notRun, 'empty')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /empty is not a run folder \(it has no spec\.json\)/);
  assert.equal(existsSync(join(notRun, 'empty', 'report.html')), false);
  const ja = cli(['report', join(notRun, 'empty')], { LANG: 'ja_JP.UTF-8' });
  assert.match(ja.stderr, /実行のフォルダではありません/);
  assert.equal(cli(['report']).status, 2);
});

test('a damaged test.json is an error naming the file', () => {
  const dir = recordedRunCopy();
  writeFileSync(join(dir, 'test.json'), '{ not json');
  assert.throws(() => readReportData(dir), (e: Error) => e.message.includes(join(dir, 'test.json')) && e.message.includes('damaged'));
});

test('a run narrowed from another shows its rounds side by side', async () => {
  const parent = recordedRunCopy();
  const child = join(dirname(parent), '20261207-080000-book-6.5');
  mkdirSync(child);
  for (const f of ['spec.json', 'trials.jsonl']) writeFileSync(join(child, f), readFileSync(join(parent, f)));
  const ranges = { 'training.lr': { log10: [-3, -2] }, 'training.weightDecay': { log10: [-8, -4] } };
  writeFileSync(join(child, 'run.json'), JSON.stringify({ specPath: '', started: '', version: '0.1.0', parent: basename(parent), round: 2, ranges }));
  const html = readFileSync((await writeReport(child, { locale: 'en' })).html, 'utf8');
  const rounds = html.match(/<section id="rounds">[\s\S]*?<\/section>/)?.[0] ?? '';
  assert.match(rounds, new RegExp(`<td>1</td><td>${basename(parent)}</td><td>100</td>`));
  assert.match(rounds, /<td>2<\/td><td>20261207-080000-book-6\.5<\/td>/);
  assert.match(rounds, /lr log10 \[-3, -2\]/);
  // The scatter draws both rounds' ranges as rectangles (the panel's round layers) and says so.
  const scatter = html.match(/<section id="scatter">[\s\S]*?<\/section>/)?.[0] ?? '';
  assert.match(scatter, /rectangles: each round&#39;s ranges/);
  // A first round alone has nothing to compare.
  const first = readFileSync((await writeReport(parent, { locale: 'en' })).html, 'utf8');
  assert.doesNotMatch(first, /id="rounds"/);
  const rects = (section: string) => section.match(/class="mark-rect /g)?.length ?? 0;
  const firstScatter = first.match(/<section id="scatter">[\s\S]*?<\/section>/)?.[0] ?? '';
  assert.equal(rects(scatter), rects(firstScatter) + 2, 'one rect layer per round: earlier dashed, this run solid');
  assert.match(scatter, /stroke-dasharray="4,3"/, "the earlier round's rectangle is dashed");
});
