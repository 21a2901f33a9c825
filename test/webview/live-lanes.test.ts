// The live chart keys its lines by lane (the lowest lane free while a trial is drawn), not by trial
// number: Vega keeps what it built for every line key it has seen, so a key per trial made the
// chart's time and the page's heap grow through a long run. In headless Chromium: while a
// streamed search runs on 3 workers, every drawn line holds one trial only, the lanes in use stay
// below the trials wanted at once, and over the whole run no more lanes are used than that.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CHROMIUM, PanelBrowser, type PanelWindow, type SceneMark } from './page';
import { syntheticRun } from './stream';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;
const WORKERS = 3;

describe('the live chart\'s lanes', { skip }, () => {
  let browser: PanelBrowser;
  before(async () => {
    browser = await PanelBrowser.start();
  });
  after(async () => {
    await browser?.close();
  });

  test('one trial per drawn line, lanes bounded by the trials drawn at once over 60 trials', async () => {
    const search = syntheticRun({ trials: 60, epochs: 12, workers: WORKERS, epochsPerUpdate: 2, seed: 5 });
    const panel = await browser.open('dark');
    await panel.post(search.init);
    const lanesSeen = new Set<number>();
    const trialsSeen = new Set<number>();
    for (const update of search.updates) {
      await panel.post(update);
      await panel.whenIdle();
      // each line mark (one per line key) as the trials and lanes of its items
      const lines = await panel.page.evaluate(() => {
        const found: { trials: number[]; lanes: number[] }[] = [];
        const walk = (mark: SceneMark) => {
          if (mark.marktype === 'line' && mark.items.length > 0) {
            const datums = mark.items.map((item) => item.datum as { trial: number; lane: number });
            found.push({ trials: [...new Set(datums.map((d) => d.trial))], lanes: [...new Set(datums.map((d) => d.lane))] });
          }
          for (const item of mark.items) for (const child of item.items ?? []) walk(child);
        };
        const w = globalThis as unknown as PanelWindow;
        walk(w.__hplPanel.views().live!.scenegraph().root);
        const heading = w.document.querySelector('.hpl-live h2') as unknown as { textContent: string | null } | null;
        return { found, heading: heading?.textContent ?? '' };
      }).then(({ found, heading }) => Object.assign(found, { running: heading === 'Running trials' }));
      // a lane per trial wanted at once: the running ones (3 workers), or the best 20 once none runs
      const bound = lines.running ? WORKERS : 20;
      const drawn = new Set(lines.flatMap((l) => l.trials));
      for (const line of lines) {
        assert.equal(line.trials.length, 1, `a line joins trials ${line.trials.join(', ')}`);
        assert.equal(line.lanes.length, 1);
        assert.ok(line.lanes[0]! < bound, `lane ${line.lanes[0]} with ${drawn.size} trials drawn`);
        lanesSeen.add(line.lanes[0]!);
      }
      for (const trial of drawn) trialsSeen.add(trial);
    }
    // the finished view draws the best 20 at the end: at most that many lanes, however many trials passed through
    assert.ok(trialsSeen.size >= 40, `${trialsSeen.size} trials drawn`);
    assert.ok(lanesSeen.size <= 20, `${lanesSeen.size} lanes for ${trialsSeen.size} trials`);
    assert.deepEqual(await panel.problems(), []);
    await panel.page.close();
  });
});
