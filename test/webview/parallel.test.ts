// Parallel coordinates in headless Chromium under the panel's CSP: an axis per searched param
// (log, linear, choice) and one for val acc, a line per finished trial; real mouse drags brush
// the axes, and the brushes filter every view: the scatter and the history fade the trials
// outside, Best-N ranks only those inside, and the host is told exactly which trials pass.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialRecord } from '../../src/core/runs/events';
import { CHROMIUM, PanelBrowser, RESULTS, type PanelPage, type PanelWindow, type SceneMark, type VegaViewLike } from './page';
import { expectedBest, syntheticRun } from './stream';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;

type ScaleFn = ((v: number) => number) & { invert(px: number): number };
type ParallelView = VegaViewLike & { scale(name: string): ScaleFn };


/** Where the learning rate sits on its log axis, 0..1: the axis spans the whole decades around the values. */
function lrPositions(trials: TrialRecord[]): Map<number, number> {
  const logs = trials.map((t) => Math.log10(t.params['training.lr'] as number));
  const [lo, hi] = [Math.floor(Math.min(...logs)), Math.ceil(Math.max(...logs))];
  return new Map(trials.map((t, i) => [t.trial, (logs[i]! - lo) / (hi - lo)]));
}

/** A height on the lr axis between two trials' values near `near`, at least `room` from both. */
function gapNear(positions: number[], near: number, room: number): number {
  const sorted = [...positions].sort((a, b) => a - b);
  let best: number | undefined;
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (b - a < 2 * room) continue;
    const mid = (a + b) / 2;
    if (best === undefined || Math.abs(mid - near) < Math.abs(best - near)) best = mid;
  }
  assert.ok(best !== undefined, 'the trials leave a gap to brush in');
  return best;
}

/** Page coordinates of height `pos` (0..1) on axis `axis` of the parallel coordinates. */
function axisPoint(panel: PanelPage, axis: number, pos: number) {
  return panel.page.evaluate(([axis, pos]) => {
    const view = (globalThis as unknown as PanelWindow).__hplPanel.views().parallel as unknown as ParallelView;
    const [ox, oy] = view.origin();
    const { left, top } = view.padding();
    const canvas = view.container()!.querySelector('canvas')!.getBoundingClientRect();
    return { x: canvas.left + left + ox + view.scale('x')(axis), y: canvas.top + top + oy + view.scale('y')(pos) };
  }, [axis, pos] as const);
}

async function drag(panel: PanelPage, axis: number, from: number, to: number): Promise<void> {
  const a = await axisPoint(panel, axis, from);
  const b = await axisPoint(panel, axis, to);
  await panel.page.mouse.move(a.x, a.y);
  await panel.page.mouse.down();
  for (let i = 1; i <= 5; i++) await panel.page.mouse.move(a.x, a.y + ((b.y - a.y) * i) / 5);
  await panel.page.mouse.up();
  await panel.whenIdle();
}

/** The drawn items of a view's marks of `marktype`, with their datum and opacity. */
function drawnItems(panel: PanelPage, view: string, marktype: string) {
  return panel.page.evaluate(([view, marktype]) => {
    const found: { datum: Record<string, unknown>; opacity: number; text: unknown }[] = [];
    const walk = (mark: SceneMark) => {
      for (const item of mark.items) {
        const it = item as typeof item & { opacity?: number };
        if (mark.marktype === marktype) found.push({ datum: { ...item.datum }, opacity: it.opacity ?? 1, text: item.text ?? null });
        for (const child of item.items ?? []) walk(child);
      }
    };
    walk((globalThis as unknown as PanelWindow).__hplPanel.views()[view]!.scenegraph().root);
    return found;
  }, [view, marktype] as const);
}

const dataOf = (panel: PanelPage, view: string, name: string) =>
  panel.page.evaluate(([view, name]) => (globalThis as unknown as PanelWindow).__hplPanel.views()[view]!.data(name), [view, name] as const);

const lastFilter = async (panel: PanelPage) => {
  const filters = (await panel.posted()).filter((m) => m.type === 'filter');
  return filters.at(-1);
};

describe('parallel coordinates in Chromium', { skip }, () => {
  let browser: PanelBrowser;
  let panel: PanelPage;
  const search = syntheticRun({ trials: 60, epochs: 20, workers: 4, epochsPerUpdate: 3, seed: 5, searched: 'mixed' });
  const positions = lrPositions(search.final);
  let lrKept: TrialRecord[] = [];

  before(async () => {
    browser = await PanelBrowser.start();
    panel = await browser.open('dark');
  });
  after(async () => browser?.close());

  test('an axis per searched param and one for val acc; a line (three segments) per finished trial', async () => {
    await panel.post(search.init);
    for (const update of search.updates) await panel.post(update);
    await panel.whenIdle();
    const texts = (await drawnItems(panel, 'parallel', 'text')).map((t) => t.text);
    for (const title of ['training.lr', 'model.dropout', 'training.optimizer', 'Validation accuracy']) assert.ok(texts.includes(title), `axis ${title}`);
    for (const label of ['adam', 'momentum', 'sgd', '1e-6', '1e-2']) assert.ok(texts.includes(label), `tick ${label}`);
    const rows = await dataOf(panel, 'parallel', 'parallel');
    const byTrial = new Map<number, number>();
    for (const r of rows) byTrial.set(r.trial as number, (byTrial.get(r.trial as number) ?? 0) + 1);
    assert.deepEqual([...byTrial.keys()].sort((a, b) => a - b), search.final.map((t) => t.trial));
    assert.ok([...byTrial.values()].every((n) => n === 3));
    const segments = await drawnItems(panel, 'parallel', 'rule');
    const prunedOpacity = segments.filter((s) => s.datum.status === 'pruned').map((s) => s.opacity);
    const completedOpacity = segments.filter((s) => s.datum.status === 'completed').map((s) => s.opacity);
    assert.ok(prunedOpacity.length > 0 && Math.max(...prunedOpacity) < Math.min(...completedOpacity), 'pruned trials are fainter');
    assert.equal((await lastFilter(panel)), undefined, 'no brush, no filter message');
    assert.deepEqual(await panel.problems(), []);
  });

  test('dragging along the lr axis keeps that range in every view and tells the host', async () => {
    await panel.page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { scrollIntoView(): void } } }).document.querySelector('.hpl-parallel')!.scrollIntoView());
    const room = 3 / 240;
    const lo = gapNear([...positions.values()], 0.45, room);
    const hi = gapNear([...positions.values()], 0.85, room);
    await drag(panel, 0, hi, lo);
    lrKept = search.final.filter((t) => positions.get(t.trial)! > lo && positions.get(t.trial)! < hi);
    assert.ok(lrKept.length > 3 && lrKept.length < search.final.length - 3, `a real subset (${lrKept.length})`);
    assert.deepEqual(await lastFilter(panel), { type: 'filter', trials: lrKept.map((t) => t.trial) });

    const kept = new Set(lrKept.map((t) => t.trial));
    const points = await drawnItems(panel, 'scatter', 'symbol');
    const drawnPoints = points.filter((p) => typeof p.datum.trial === 'number' && typeof p.datum.x !== 'undefined');
    for (const p of drawnPoints) {
      if (kept.has(p.datum.trial as number)) assert.ok(p.opacity >= 0.5, `trial ${p.datum.trial} stays visible`);
      else assert.ok(p.opacity <= 0.2, `trial ${p.datum.trial} is faint in the scatter`);
    }
    const history = await drawnItems(panel, 'history', 'symbol');
    for (const p of history.filter((h) => typeof h.datum.bestSoFar === 'number')) {
      assert.equal(p.opacity <= 0.2, !kept.has(p.datum.trial as number), `history point of trial ${p.datum.trial}`);
    }
    const best = await dataOf(panel, 'best', 'best');
    const order: number[] = [];
    for (const row of best) order[(row.rank as number) - 1] = row.trial as number;
    assert.deepEqual(order, expectedBest(lrKept, 20), 'Best-N ranks only the kept trials, in the book’s order');
    assert.equal((await dataOf(panel, 'parallel', 'parallel-brushes')).length, 1, 'the brush is drawn');
    await panel.page.screenshot({ path: join(RESULTS, 'parallel-brushed.png'), fullPage: true });
    assert.deepEqual(await panel.problems(), []);
  });

  test('the brushes survive a reload of the webview (its saved state) and are posted to the host again', async () => {
    const reloaded = await browser.open('dark');
    // The stand-in for acquireVsCodeApi keeps its state in memory: keep it in sessionStorage, which a reload keeps.
    await reloaded.page.addInitScript({ content: `{
      const make = globalThis.acquireVsCodeApi;
      globalThis.acquireVsCodeApi = () => {
        const api = make();
        const saved = sessionStorage.getItem('hpl-state');
        return { postMessage: api.postMessage, getState: () => (saved ? JSON.parse(saved) : undefined),
          setState: (s) => { sessionStorage.setItem('hpl-state', JSON.stringify(s)); api.setState(s); } };
      };
    }` });
    await reloaded.page.reload();
    await reloaded.post({ ...search.init, trials: search.final });
    await reloaded.whenIdle();
    await reloaded.page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { scrollIntoView(): void } } }).document.querySelector('.hpl-parallel')!.scrollIntoView());
    const room = 3 / 240;
    await drag(reloaded, 0, gapNear([...positions.values()], 0.85, room), gapNear([...positions.values()], 0.45, room));
    assert.deepEqual(await lastFilter(reloaded), { type: 'filter', trials: lrKept.map((t) => t.trial) });
    await reloaded.page.reload();
    await reloaded.post({ ...search.init, trials: search.final });
    await reloaded.whenIdle();
    assert.deepEqual(await lastFilter(reloaded), { type: 'filter', trials: lrKept.map((t) => t.trial) }, 'the host hears the filter again');
    assert.equal((await dataOf(reloaded, 'parallel', 'parallel-brushes')).length, 1, 'the brush is drawn again');
    const best = await dataOf(reloaded, 'best', 'best');
    assert.ok(best.every((r) => lrKept.some((t) => t.trial === r.trial)), 'Best-N still ranks only the kept trials');
    assert.deepEqual(await reloaded.problems(), []);
    await reloaded.page.close();
  });

  test('a second brush on the choice axis ANDs with the first; a click on that axis removes it', async () => {
    // The choices sit at 1/6 (adam), 3/6 (momentum) and 5/6 (sgd): a drag from 0.02 to 0.3 keeps adam.
    await drag(panel, 2, 0.02, 0.3);
    const both = lrKept.filter((t) => t.params['training.optimizer'] === 'adam');
    assert.deepEqual(await lastFilter(panel), { type: 'filter', trials: both.map((t) => t.trial) });
    const at = await axisPoint(panel, 2, 0.6);
    await panel.page.mouse.click(at.x, at.y);
    await panel.whenIdle();
    assert.deepEqual(await lastFilter(panel), { type: 'filter', trials: lrKept.map((t) => t.trial) });
    assert.equal((await panel.posted()).filter((m) => m.type === 'select').length, 0, 'brushing never selected a trial');
  });

  test('the top-K toggle draws only the Best-N trials within the brushes', async () => {
    await panel.page.click('#parallel-top-k');
    await panel.whenIdle();
    const rows = await dataOf(panel, 'parallel', 'parallel');
    assert.deepEqual([...new Set(rows.map((r) => r.trial as number))].sort((a, b) => a - b), expectedBest(lrKept, 20).sort((a, b) => a - b));
    await panel.page.click('#parallel-top-k');
    await panel.whenIdle();
    assert.equal(new Set((await dataOf(panel, 'parallel', 'parallel')).map((r) => r.trial)).size, search.final.length);
  });

  test('clearing the brushes restores every view and posts a null filter; Escape still clears the selection', async () => {
    await panel.page.click('#clear-brushes');
    await panel.whenIdle();
    assert.deepEqual(await lastFilter(panel), { type: 'filter', trials: null });
    const points = await drawnItems(panel, 'scatter', 'symbol');
    assert.ok(points.filter((p) => typeof p.datum.x !== 'undefined').every((p) => p.opacity >= 0.5), 'no faint point');
    const best = await dataOf(panel, 'best', 'best');
    const order: number[] = [];
    for (const row of best) order[(row.rank as number) - 1] = row.trial as number;
    assert.deepEqual(order, expectedBest(search.final, 20));
    assert.equal((await dataOf(panel, 'parallel', 'parallel-brushes')).length, 0);
    await panel.post({ type: 'select', trial: order[0]! });
    await panel.whenIdle();
    await panel.page.keyboard.press('Escape');
    await panel.whenIdle();
    assert.deepEqual((await panel.posted()).at(-1), { type: 'select', trial: null });
    assert.deepEqual(await panel.problems(), []);
  });

  test('the host\'s clearBrushes (the tree\'s "Clear panel filter") removes every brush and posts a null filter', async () => {
    await drag(panel, 0, 0.55, 0.95);
    assert.notEqual((await lastFilter(panel))?.trials, null);
    await panel.post({ type: 'clearBrushes' });
    await panel.whenIdle();
    assert.deepEqual(await lastFilter(panel), { type: 'filter', trials: null });
    assert.equal((await dataOf(panel, 'parallel', 'parallel-brushes')).length, 0);
    assert.equal(await panel.page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { hidden: boolean } } }).document.querySelector('#clear-brushes').hidden), true);
  });

  test('past the cap: the best and an even sample are drawn, said in the note, and brushes still filter all trials', async () => {
    const big = syntheticRun({ trials: 1500, epochs: 10, workers: 8, epochsPerUpdate: 5, seed: 9, searched: 'mixed' });
    const page = await browser.open('light');
    await page.post({ ...big.init, trials: big.final });
    await page.whenIdle();
    const drawn = new Set((await dataOf(page, 'parallel', 'parallel')).map((r) => r.trial as number));
    assert.ok(drawn.size <= 400, `at most 400 lines (${drawn.size})`);
    for (const trial of expectedBest(big.final, 200)) assert.ok(drawn.has(trial), `best trial ${trial} is drawn`);
    const note = await page.page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } } }).document.querySelector('.hpl-parallel .hpl-note')!.textContent);
    assert.match(note, new RegExp(`Showing ${drawn.size} of 1500 finished trials`));
    await page.page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { scrollIntoView(): void } } }).document.querySelector('.hpl-parallel')!.scrollIntoView());
    // Keep val acc above 0.3 (the last axis): every such trial, drawn or not, is in the filter.
    await drag(page, 3, 0.995, 0.3);
    const expected = big.final.filter((t) => t.valAcc! >= 0.3).map((t) => t.trial);
    const filter = await lastFilter(page);
    assert.equal(filter?.type, 'filter');
    const trials = (filter as { trials: number[] }).trials;
    // The drag's lower end is a pixel's inversion: allow the trials within one pixel of 0.3.
    const near = big.final.filter((t) => Math.abs(t.valAcc! - 0.3) <= 0.005).map((t) => t.trial);
    assert.deepEqual(trials.filter((t) => !near.includes(t)), expected.filter((t) => !near.includes(t)));
    assert.ok(trials.some((t) => !drawn.has(t)), 'trials that are not drawn pass too');
    await page.page.screenshot({ path: join(RESULTS, 'parallel-1500.png'), fullPage: true });
    assert.deepEqual(await page.problems(), []);
    await page.page.close();
  });
});
