// The findings in words at the top of the panel, in headless Chromium: the host's sentences for
// the recorded book run appear first, above every chart, under their heading in the panel's
// language; another run's init takes them away.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CHROMIUM, PanelBrowser } from './page';
import { syntheticRun } from './stream';
import { recordedBookRun } from './big-run';
import { replay, trialList } from '../../src/core/runs/state';
import { paramImportance } from '../../src/core/search/importance';
import { runFindings } from '../../src/core/search/findings';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;

type PageDocument = { document: { querySelector(s: string): { id: string; textContent: string | null; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } | null } };

const shown = (panel: Awaited<ReturnType<PanelBrowser['open']>>) =>
  panel.page.evaluate(() => {
    const doc = (globalThis as unknown as PageDocument).document;
    const first = doc.querySelector('main section, .hpl-section');
    const findings = doc.querySelector('#findings');
    return {
      firstId: first?.id ?? '',
      heading: findings?.querySelectorAll('h2')[0]?.textContent ?? null,
      lines: findings ? Array.from(findings.querySelectorAll('li'), (li) => li.textContent ?? '') : [],
    };
  });

describe('findings in the panel in Chromium', { skip }, () => {
  let browser: PanelBrowser;
  const search = syntheticRun({ trials: 12, epochs: 3, workers: 2, epochsPerUpdate: 1, seed: 3 });

  before(async () => {
    browser = await PanelBrowser.start();
  });
  after(async () => browser?.close());

  test('the book run\'s findings come first, in Japanese with a Japanese heading; another run clears them', async () => {
    const book = recordedBookRun();
    const trials = trialList(replay(book.events.map((e) => e.event)));
    const { params } = book.spec.search;
    const sentences = runFindings(trials, params, paramImportance(trials, params), 'ja').sentences;
    const panel = await browser.open('light');
    await panel.post({ ...search.init, strings: { ...search.init.strings, findings: 'わかったこと' }, trials: search.final });
    await panel.post({ type: 'findings', sentences });
    await panel.whenIdle();
    const seen = await shown(panel);
    assert.equal(seen.firstId, 'findings', 'above every chart');
    assert.equal(seen.heading, 'わかったこと');
    assert.deepEqual(seen.lines, sentences);
    assert.match(seen.lines[0]!, /^学習係数が最も重要です/);
    assert.deepEqual(await panel.problems(), []);

    await panel.post({ ...search.init, run: { ...search.init.run, dir: '/ws/other' }, trials: search.final });
    await panel.whenIdle();
    assert.deepEqual((await shown(panel)).lines, [], 'another run: no findings until the host sends its own');
  });
});
