// The rounds in the panel, in headless Chromium: after `rounds`, the scatter draws one rectangle
// per round's ranges (earlier ones dashed), the earlier round's trials as grey points beneath this
// run's, and the round table compares them; another run's init takes them away.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CHROMIUM, PanelBrowser, type PanelWindow, type SceneMark } from './page';
import { syntheticRun } from './stream';
import type { PanelRounds } from '../../src/panel/contract';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;

type PageDocument = { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } };

/** The scatter's rectangles (their data) and its points without a trial (the earlier rounds'). */
function roundMarks(panel: Awaited<ReturnType<PanelBrowser['open']>>) {
  return panel.page.evaluate(() => {
    const rects: { x: number; x2: number; y: number; y2: number; dash: number[] | undefined }[] = [];
    let grey = 0;
    const walk = (mark: SceneMark) => {
      for (const item of mark.items) {
        const datum = item.datum as Record<string, unknown> | undefined;
        if (mark.marktype === 'rect' && datum && 'x2' in datum) rects.push({ x: datum.x as number, x2: datum.x2 as number, y: datum.y as number, y2: datum.y2 as number, dash: item.strokeDash });
        if (mark.marktype === 'symbol' && datum && 'label' in datum && 'valAcc' in datum && !('trial' in datum)) grey++; // not a legend's symbol
        for (const child of item.items ?? []) walk(child);
      }
    };
    walk((globalThis as unknown as PanelWindow).__hplPanel.views().scatter!.scenegraph().root);
    return { rects, grey };
  });
}

const tableRows = (panel: Awaited<ReturnType<PanelBrowser['open']>>) =>
  panel.page.evaluate(() => Array.from((globalThis as unknown as PageDocument).document.querySelectorAll('#rounds tbody tr'), (tr) => tr.textContent));

describe('rounds in the panel in Chromium', { skip }, () => {
  let browser: PanelBrowser;
  const search = syntheticRun({ trials: 12, epochs: 3, workers: 2, epochsPerUpdate: 1, seed: 3 });

  before(async () => {
    browser = await PanelBrowser.start();
  });
  after(async () => browser?.close());

  test('each round\'s ranges as a rectangle, the earlier round grey, and the round table', async () => {
    const panel = await browser.open('dark');
    await panel.post({ ...search.init, trials: search.final });
    const earlier = [
      { valAcc: 0.1, params: { 'training.weightDecay': 1e-7, 'training.lr': 1e-6 } },
      { valAcc: 0.7, params: { 'training.weightDecay': 1e-5, 'training.lr': 5e-3 } },
      { valAcc: 0.6, params: { 'training.weightDecay': 3e-8, 'training.lr': 2e-3 } },
    ];
    const rounds: PanelRounds = {
      type: 'rounds',
      rounds: [
        { round: 1, run: 'wide', ranges: { 'training.weightDecay': [1e-8, 1e-4], 'training.lr': [1e-6, 1e-2] }, best: 0.7, median: 0.6, top: { k: 20, lowest: 0.1, spread: 0.6 }, points: earlier },
        { round: 2, run: 'narrow', ranges: { 'training.weightDecay': [1e-8, 1e-5], 'training.lr': [1e-3, 1e-2] }, best: 0.8, median: 0.75, top: { k: 20, lowest: 0.5, spread: 0.3 }, points: [] },
      ],
    };
    await panel.post(rounds);
    await panel.whenIdle();
    const { rects, grey } = await roundMarks(panel);
    assert.equal(rects.length, 2, 'one rectangle per round');
    assert.deepEqual(rects.map((r) => [r.x, r.x2].sort((a, b) => a - b)).sort(), [[1e-8, 1e-4], [1e-8, 1e-5]].sort());
    const wide = rects.find((r) => Math.max(r.x, r.x2) === 1e-4)!;
    const narrow = rects.find((r) => Math.max(r.x, r.x2) === 1e-5)!;
    assert.deepEqual(wide.dash, [4, 3], 'an earlier round dashed');
    assert.notDeepEqual(narrow.dash, [4, 3], 'the shown run solid');
    assert.equal(grey, earlier.length, 'the earlier round\'s trials, grey');
    const rows = await tableRows(panel);
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /^Round 10\.7000\.6000\.1000\.600$/);
    assert.match(rows[1]!, /^Round 20\.8000\.7500\.5000\.300$/);
    assert.deepEqual(await panel.problems(), []);

    await panel.post({ ...search.init, run: { ...search.init.run, dir: '/ws/other' }, trials: search.final });
    await panel.whenIdle();
    assert.deepEqual(await roundMarks(panel), { rects: [], grey: 0 }, 'another run: no rounds');
    assert.equal((await tableRows(panel)).length, 0);
  });
});
