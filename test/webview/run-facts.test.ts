// The header's run facts in the real panel (headless Chromium): a queue run's worker count as the
// host sends it, and the test set's one line (§6.5.1) only for a run with test.json.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CHROMIUM, PanelBrowser, type PanelPage } from './page';
import { syntheticRun } from './stream';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;

/** The text of `selector`, or null when it is hidden. */
const shown = (panel: PanelPage, selector: string): Promise<string | null> =>
  panel.page.evaluate((s) => {
    const e = (globalThis as unknown as { document: { querySelector(s: string): { hidden: boolean; textContent: string | null } | null } }).document.querySelector(s);
    return e && !e.hidden ? e.textContent : null;
  }, selector);

describe('run facts in the panel header (Chromium)', { skip }, () => {
  let browser: PanelBrowser;
  const search = syntheticRun({ trials: 6, epochs: 4, workers: 2, epochsPerUpdate: 2, seed: 5 });
  before(async () => {
    browser = await PanelBrowser.start();
  });
  after(async () => browser?.close());

  test('workers: counted, waiting, gone with the run; the test-set line only with test.json', async () => {
    const panel = await browser.open('light');
    await panel.post({ ...search.init, trials: search.final });
    await panel.whenIdle();
    assert.equal(await shown(panel, '.hpl-workers'), null, 'not a queue run: no count');
    assert.equal(await shown(panel, '.hpl-test-set'), null, 'no test.json: no line');
    await panel.post({ type: 'workers', count: 0 });
    await panel.whenIdle();
    assert.equal(await shown(panel, '.hpl-workers'), 'waiting for a worker');
    await panel.post({ type: 'workers', count: 3 });
    await panel.whenIdle();
    assert.equal(await shown(panel, '.hpl-workers'), '3 workers');
    await panel.post({ type: 'workers', count: null });
    await panel.whenIdle();
    assert.equal(await shown(panel, '.hpl-workers'), null);
    await panel.post({ ...search.init, run: { ...search.init.run, testSet: true }, trials: search.final });
    await panel.whenIdle();
    assert.match((await shown(panel, '.hpl-test-set')) ?? '', /Test accuracy \(test\.json\) is for reporting only, never for choosing/);
  });
});
