// The results panel in headless Chromium under its real CSP: a streamed search draws the book's
// Best-N figure, the scatter and the history correctly, clicks select trials, themes stay
// readable (screenshots in test-results/webview/), and nothing violates the CSP or logs an error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, PanelBrowser, RESULTS, type PanelPage, type PanelWindow, type SceneItem, type SceneMark } from './page';
import { expectedBest, syntheticRun } from './stream';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;


/** The items of the marks of `marktype` in a view (marks nested in groups and facet cells too).
 * A line mark draws one line through all its items: for lines, its first item stands for it. */
function itemsOf(panel: PanelPage, view: string, marktype: string) {
  return panel.page.evaluate(
    ([view, marktype]) => {
      const found: { datum: Record<string, unknown>; text: unknown; strokeDash: number[] | null; strokeOpacity: number | null; strokeWidth: number | null }[] = [];
      const walk = (mark: SceneMark) => {
        const drawn = mark.marktype === 'line' ? mark.items.slice(0, 1) : mark.items;
        for (const item of mark.marktype === marktype ? drawn : []) {
          found.push({ datum: { ...item.datum }, text: item.text ?? null, strokeDash: item.strokeDash ?? null, strokeOpacity: item.strokeOpacity ?? null, strokeWidth: item.strokeWidth ?? null });
        }
        for (const item of mark.items) for (const child of item.items ?? []) walk(child);
      };
      walk((globalThis as unknown as PanelWindow).__hplPanel.views()[view]!.scenegraph().root);
      return found;
    },
    [view, marktype] as const,
  );
}

/** Where, in page coordinates, a scatter point of `trial` is drawn. */
function scatterPointPosition(panel: PanelPage, trial: number) {
  return panel.page.evaluate((trial) => {
    const view = (globalThis as unknown as PanelWindow).__hplPanel.views().scatter!;
    let hit: SceneItem | undefined;
    const walk = (mark: SceneMark) => {
      for (const item of mark.items) {
        if (mark.marktype === 'symbol' && item.datum?.trial === trial && !hit) hit = item;
        for (const child of item.items ?? []) walk(child);
      }
    };
    walk(view.scenegraph().root);
    if (!hit) throw new Error(`no point for trial ${trial}`);
    let x = hit.x ?? 0;
    let y = hit.y ?? 0;
    for (let g = hit.mark.group; g; g = g.mark.group) {
      x += g.x ?? 0;
      y += g.y ?? 0;
    }
    // The view's coordinate system starts at its origin, inside its padding.
    const [ox, oy] = view.origin();
    const { left, top } = view.padding();
    const canvas = view.container()!.querySelector('canvas')!.getBoundingClientRect();
    return { x: canvas.left + left + ox + x, y: canvas.top + top + oy + y };
  }, trial);
}

const signalIn = (panel: PanelPage, view: string) =>
  panel.page.evaluate((v) => (globalThis as unknown as PanelWindow).__hplPanel.views()[v]!.signal('selected'), view);

describe('results panel in Chromium', { skip }, () => {
  let browser: PanelBrowser;
  let panel: PanelPage;
  const search = syntheticRun({ trials: 20, epochs: 50, workers: 4, epochsPerUpdate: 3, seed: 7 });

  before(async () => {
    browser = await PanelBrowser.start();
    panel = await browser.open('light');
  });
  after(async () => browser?.close());

  test('posts ready, then draws a streamed 20 × 50 search: Best-N in the book’s order, two lines a cell, 20 points', async () => {
    assert.deepEqual(await panel.posted(), [{ type: 'ready' }]);
    await panel.post(search.init);
    for (const update of search.updates) await panel.post(update);
    await panel.whenIdle();

    const best = await panel.page.evaluate(() => (globalThis as unknown as PanelWindow).__hplPanel.views().best!.data('best'));
    const order: number[] = [];
    for (const row of best) order[(row.rank as number) - 1] = row.trial as number;
    assert.deepEqual(order, expectedBest(search.final, 20));

    const lines = await itemsOf(panel, 'best', 'line');
    assert.equal(lines.length, 40, 'one validation and one training line in each of the 20 cells');
    for (let rank = 1; rank <= 20; rank++) {
      const cell = lines.filter((l) => l.datum.rank === rank);
      const dashed = cell.filter((l) => (l.strokeDash ?? [1, 0])[1] !== 0);
      assert.deepEqual(cell.map((l) => l.datum.kind).sort(), ['train', 'val'], `cell Best-${rank}`);
      assert.equal(dashed.length, 1, `cell Best-${rank}: one dashed line`);
      assert.equal(dashed[0]!.datum.kind, 'train', `cell Best-${rank}: training accuracy is the dashed one`);
    }
    const titles = await itemsOf(panel, 'best', 'text');
    for (let rank = 1; rank <= 20; rank++) {
      assert.ok(titles.some((t) => t.text === `Best-${rank}`), `a header for Best-${rank}`);
    }

    const points = await itemsOf(panel, 'scatter', 'symbol');
    const trialsDrawn = new Set(points.filter((p) => typeof p.datum.valAcc === 'number').map((p) => p.datum.trial));
    assert.equal(trialsDrawn.size, 20);

    const history = await panel.page.evaluate(() => (globalThis as unknown as PanelWindow).__hplPanel.views().history!.data('history'));
    assert.equal(history.length, 20);
    const pruned = search.final.filter((t) => t.status === 'pruned').map((t) => t.trial);
    assert.deepEqual(history.filter((r) => r.status === 'pruned').map((r) => r.trial), pruned);

    // Nothing runs any more: the first chart shows every curve of the Best-N trials instead.
    const live = await panel.page.evaluate(() => (globalThis as unknown as PanelWindow).__hplPanel.views().live!.data('live'));
    assert.deepEqual([...new Set(live.map((r) => r.trial as number))].sort((a, b) => a - b), expectedBest(search.final, 20).sort((a, b) => a - b));
    assert.deepEqual(await panel.problems(), []);
  });

  test('clicking a scatter point selects its trial everywhere and tells the host', async () => {
    const target = expectedBest(search.final, 1)[0]!;
    const at = await scatterPointPosition(panel, target);
    await panel.page.mouse.click(at.x, at.y);
    await panel.whenIdle();
    assert.deepEqual((await panel.posted()).at(-1), { type: 'select', trial: target });
    for (const view of ['live', 'scatter', 'best', 'history']) assert.equal(await signalIn(panel, view), target, view);

    const frames = await itemsOf(panel, 'best', 'rect');
    const outlined = frames.filter((f) => f.strokeOpacity === 1).map((f) => f.datum.trial);
    assert.deepEqual(outlined, [target], 'only the selected trial’s Best-N cell is outlined');
    const cellLines = await itemsOf(panel, 'best', 'line');
    const thin = Math.max(...cellLines.filter((l) => l.datum.trial !== target).map((l) => l.strokeWidth ?? 0));
    assert.ok(cellLines.filter((l) => l.datum.trial === target).every((l) => (l.strokeWidth ?? 0) > thin), 'its Best-N curves are wider');
    const live = await itemsOf(panel, 'live', 'line');
    const chosen = live.filter((l) => l.datum.trial === target);
    assert.equal(chosen.length, 2, 'the selected trial’s two curves are shown');
    const widest = Math.max(...live.filter((l) => l.datum.trial !== target).map((l) => l.strokeWidth ?? 0));
    assert.ok(chosen.every((l) => (l.strokeWidth ?? 0) > widest), `and drawn wider than the others: ${JSON.stringify(chosen.map((l) => l.strokeWidth))} vs ${widest}`);
    await panel.page.screenshot({ path: join(RESULTS, 'panel-light.png'), fullPage: true });
  });

  test('a select from the host highlights without echoing; the Best-N choice posts setBestN', async () => {
    const before = (await panel.posted()).length;
    const other = expectedBest(search.final, 3)[2]!;
    await panel.post({ type: 'select', trial: other });
    await panel.whenIdle();
    for (const view of ['live', 'scatter', 'best', 'history']) assert.equal(await signalIn(panel, view), other, view);
    assert.equal((await panel.posted()).length, before);

    await panel.page.evaluate(() => {
      const w = globalThis as unknown as PanelWindow;
      const select = w.document.querySelector('#best-n')!;
      select.value = '5';
      select.dispatchEvent(new w.Event('change'));
    });
    await panel.whenIdle();
    assert.deepEqual((await panel.posted()).at(-1), { type: 'setBestN', n: 5 });
    const ranks = await panel.page.evaluate(() =>
      new Set((globalThis as unknown as PanelWindow).__hplPanel.views().best!.data('best').map((r) => r.rank)).size,
    );
    assert.equal(ranks, 5);

    await panel.post({ type: 'importance', importance: { 'training.lr': 0.83, 'training.weightDecay': 0.17 } });
    await panel.post({ type: 'unknown' } as never);
    await panel.whenIdle();
    const bars = await panel.page.evaluate(() => (globalThis as unknown as PanelWindow).__hplPanel.views().importance!.data('importance'));
    assert.deepEqual(bars.map((b) => b.param), ['training.lr', 'training.weightDecay']);
    assert.deepEqual(await panel.problems(), []);
  });

  test('dark and high-contrast themes redraw with their colours (screenshots)', async () => {
    await panel.post({ type: 'select', trial: expectedBest(search.final, 1)[0]! });
    await panel.page.evaluate(() => {
      const w = globalThis as unknown as PanelWindow;
      const select = w.document.querySelector('#best-n')!;
      select.value = '20';
      select.dispatchEvent(new w.Event('change'));
    });
    await panel.setTheme('dark');
    await panel.whenIdle();
    await panel.page.screenshot({ path: join(RESULTS, 'panel-dark.png'), fullPage: true });
    await panel.setTheme('high-contrast');
    await panel.whenIdle();
    await panel.page.screenshot({ path: join(RESULTS, 'panel-high-contrast.png'), fullPage: true });
    assert.deepEqual(await panel.problems(), []);
  });

  test('time per streamed update at 100 trials × 50 epochs (measured, not asserted)', async (t) => {
    const big = syntheticRun({ trials: 100, epochs: 50, workers: 8, epochsPerUpdate: 5, seed: 11 });
    const page = await browser.open('dark');
    await page.post(big.init);
    await page.whenIdle();
    await page.page.evaluate(() => (globalThis as unknown as PanelWindow).__hplPanel.recordRedraws());
    for (const update of big.updates) {
      await page.post(update);
      await page.whenIdle();
    }
    const times = await page.page.evaluate(() => (globalThis as unknown as PanelWindow).__hplPanel.redrawTimes());
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
    t.diagnostic(`${times.length} updates: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms, last ${times.at(-1)!.toFixed(1)} ms`);
    await page.page.screenshot({ path: join(RESULTS, 'panel-100-trials.png'), fullPage: true });
    assert.deepEqual(await page.problems(), []);
    await page.page.close();
  });
});
