// The panel once nothing runs, and the contrast of its curves, in headless Chromium: while trials
// run, the first chart shows them; when the run is done it shows every curve of the Best-N trials
// under its own title; every curve's colour reaches WCAG's 4.5:1 against the background of the
// light, dark and high-contrast themes (read from the drawn scene, computed with culori).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { wcagContrast } from 'culori';
import { CHROMIUM, PanelBrowser, RESULTS, THEMES, type PanelPage, type PanelWindow, type SceneMark, type ThemeName } from './page';
import { expectedBest, syntheticRun } from './stream';

const ascending = (trials: number[]) => trials.sort((a, b) => a - b);

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;


const liveTrials = (panel: PanelPage) =>
  panel.page.evaluate(() => {
    const rows = (globalThis as unknown as PanelWindow).__hplPanel.views().live!.data('live');
    return [...new Set(rows.map((r) => r.trial as number))].sort((a, b) => a - b);
  });

/** The page's document, as far as these tests read it (the node type-check has no DOM types). */
type PageDocument = { document: { querySelector(s: string): { textContent: string | null; hidden: boolean } | null } };

const liveHeading = (panel: PanelPage) =>
  panel.page.evaluate(() => (globalThis as unknown as PageDocument).document.querySelector('.hpl-live h2')!.textContent);

/** The stroke colour of every line drawn in `view`, with the curve kind ('val' | 'train') it draws. */
function lineColours(panel: PanelPage, view: string) {
  return panel.page.evaluate((view) => {
    const found: { kind: string; stroke: string }[] = [];
    const walk = (mark: SceneMark) => {
      for (const item of mark.items) {
        const { stroke, datum } = item as { stroke?: string; datum?: { kind?: string } };
        if (mark.marktype === 'line' && stroke && datum?.kind) found.push({ kind: datum.kind, stroke });
        for (const child of item.items ?? []) walk(child);
      }
    };
    walk((globalThis as unknown as PanelWindow).__hplPanel.views()[view]!.scenegraph().root);
    return found;
  }, view);
}

/** The trials each drawn line of `view` goes through: one line, one trial (and one kind), or two are joined. */
function lineTrials(panel: PanelPage, view: string) {
  return panel.page.evaluate((view) => {
    const lines: string[] = [];
    const walk = (mark: SceneMark) => {
      if (mark.marktype === 'line' && mark.items.length) {
        lines.push([...new Set(mark.items.map((item) => { const d = (item as { datum?: { trial?: number; kind?: string } }).datum; return `${d?.trial}:${d?.kind}`; }))].join(','));
      }
      for (const item of mark.items) for (const child of item.items ?? []) walk(child);
    };
    walk((globalThis as unknown as PanelWindow).__hplPanel.views()[view]!.scenegraph().root);
    return lines.sort();
  }, view);
}

describe('the finished view and the curves’ contrast in Chromium', { skip }, () => {
  let browser: PanelBrowser;
  const search = syntheticRun({ trials: 24, epochs: 20, workers: 3, epochsPerUpdate: 2, seed: 5 });

  before(async () => {
    browser = await PanelBrowser.start();
  });
  after(async () => browser?.close());

  test('running trials while the run streams; every curve of the best N once nothing runs', async () => {
    const panel = await browser.open('dark');
    await panel.post(search.init);
    const half = Math.floor(search.updates.length / 2);
    // While fewer than K have finished, the titles say how many the views can show.
    let finished = 0;
    let posted = 0;
    for (; finished < 3 && posted < half; posted++) {
      finished += search.updates[posted]!.events.filter((e) => e.type === 'end').length;
      await panel.post(search.updates[posted]!);
    }
    await panel.whenIdle();
    assert.ok(finished > 0 && finished < 20);
    const topKLabel = () => panel.page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { label: string } } }).document.querySelector('#parallel-top-k').label);
    assert.equal(await topKLabel(), `Best ${finished} only`);
    for (const update of search.updates.slice(posted, half)) await panel.post(update);
    await panel.whenIdle();
    // What runs after the first half, replayed from the same events.
    const running = new Set<number>();
    for (const u of search.updates.slice(0, half)) {
      for (const e of u.events) {
        if (e.type === 'start') running.add(e.trial);
        if (e.type === 'end') running.delete(e.trial);
      }
    }
    assert.ok(running.size > 0);
    assert.deepEqual(await liveTrials(panel), [...running].sort((a, b) => a - b));
    assert.equal(await liveHeading(panel), 'Running trials');

    for (const update of search.updates.slice(half)) await panel.post(update);
    await panel.whenIdle();
    assert.deepEqual(await liveTrials(panel), ascending(expectedBest(search.final, 20)));
    assert.equal(await liveHeading(panel), 'Curves of the best 20 trials');
    assert.equal(await topKLabel(), 'Best 20 only');
    const rows = await panel.page.evaluate(() => (globalThis as unknown as PanelWindow).__hplPanel.views().live!.data('live').length);
    const points = search.final.filter((t) => ascending(expectedBest(search.final, 20)).includes(t.trial)).reduce((n, t) => n + t.curve.length * 2, 0);
    assert.equal(rows, points, 'every point of both curves of each of the 20');
    const best20 = ascending(expectedBest(search.final, 20));
    assert.deepEqual(await lineTrials(panel, 'live'), best20.flatMap((t) => [`${t}:train`, `${t}:val`]).sort(), 'one line per trial and kind, though 20 trials share 6 colours');
    const note = await panel.page.evaluate(() => (globalThis as unknown as PageDocument).document.querySelector('.hpl-live .hpl-note')!.hidden);
    assert.equal(note, true, '“No trial is running.” is not shown over the curves');

    // The Best-N choice sets K.
    await panel.page.evaluate(() => {
      const w = globalThis as unknown as PanelWindow;
      const select = w.document.querySelector('#best-n')!;
      select.value = '5';
      select.dispatchEvent(new w.Event('change'));
    });
    await panel.whenIdle();
    assert.deepEqual(await liveTrials(panel), ascending(expectedBest(search.final, 5)));
    assert.equal(await liveHeading(panel), 'Curves of the best 5 trials');
    await panel.page.screenshot({ path: join(RESULTS, 'panel-finished-dark.png'), fullPage: true });
    assert.deepEqual(await panel.problems(), []);
  });

  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    test(`every curve reaches 4.5:1 against the ${theme} background`, async () => {
      const panel = await browser.open(theme);
      await panel.post(search.init);
      for (const update of search.updates) await panel.post(update);
      await panel.whenIdle();
      const background = THEMES[theme].vars['editor-background'];
      const lines = [...(await lineColours(panel, 'best')), ...(await lineColours(panel, 'live'))];
      assert.ok(lines.some((l) => l.kind === 'train') && lines.some((l) => l.kind === 'val'));
      for (const { kind, stroke } of lines) {
        const ratio = wcagContrast(stroke, background);
        assert.ok(ratio >= 4.5, `${theme}: a ${kind} line in ${stroke} has ${ratio.toFixed(2)}:1 on ${background}`);
      }
      assert.deepEqual(await panel.problems(), []);
    });
  }
});
