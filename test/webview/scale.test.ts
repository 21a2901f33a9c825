// The real panel in Chromium fed the synthetic 10,000-trial TPE + ASHA search (test/webview/
// big-run.ts), streamed as the host's 100 ms batches (several batches to a message, so that the
// test takes seconds; the panel's redraws only ever see what changed since the last one): the
// header counts, Best-N's trials in the book's order, one history row per finished trial and one
// scatter point per trial, with values computed here independently; then the finished run opened
// in a fresh page shows the same. No console error, no CSP violation. Correctness, not speed
// (bench/panel.ts measures that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { HostToPanel, PanelUpdate } from '../../src/panel/contract';
import { emptyRunState, replay } from '../../src/core/runs/state';
import { runInfo } from '../../src/core/runs/store';
import { panelInit, panelStrings } from '../../src/extension/logic/panel-messages';
import { untranslated } from '../../src/core/translate';
import { CHROMIUM, PanelBrowser, type PanelPage, type PanelWindow } from './page';
import { hostUpdates, recordedBookRun, syntheticBigRun } from './big-run';
import { expectedBest } from './stream';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;
const TRIALS = 10_000;


/** Every message of `updates` merged into messages of `per` batches each (the order kept). */
function merged(updates: PanelUpdate[], per: number): PanelUpdate[] {
  const out: PanelUpdate[] = [];
  for (let i = 0; i < updates.length; i += per) out.push({ type: 'update', events: updates.slice(i, i + per).flatMap((u) => u.events) });
  return out;
}

/** What the panel holds: header texts, Best-N's trials by rank, the history and scatter datasets. */
function panelContents(panel: PanelPage) {
  return panel.page.evaluate(() => {
    const w = globalThis as unknown as PanelWindow & { document: { querySelectorAll(s: string): { textContent: string | null }[] } };
    const views = w.__hplPanel.views();
    const best = views.best!.data('best') as { rank: number; trial: number }[];
    const byRank = new Map<number, number>();
    for (const row of best) byRank.set(row.rank, row.trial);
    return {
      stats: [...w.document.querySelectorAll('.hpl-stat')].map((e) => e.textContent ?? ''),
      best: [...byRank].sort((a, b) => a[0] - b[0]).map(([, trial]) => trial),
      history: (views.history!.data('history') as { trial: number; valAcc: number; status: string; bestSoFar: number }[])
        .map(({ trial, valAcc, status, bestSoFar }) => ({ trial, valAcc, status, bestSoFar }))
        .sort((a, b) => a.trial - b.trial),
      scatter: (views.scatter!.data('points') as { trial: number; valAcc: number | null; status: string }[])
        .map(({ trial, valAcc, status }) => ({ trial, valAcc, status }))
        .sort((a, b) => a.trial - b.trial),
    };
  });
}

describe(`the panel at ${TRIALS} trials`, { skip }, () => {
  let browser: PanelBrowser;
  const book = recordedBookRun();
  const run = syntheticBigRun(book.spec, { trials: TRIALS, seed: 11 });
  const final = [...replay(run.events.map((e) => e.event)).trials.values()];
  const strings = panelStrings(untranslated);

  before(async () => {
    browser = await PanelBrowser.start();
  });
  after(async () => {
    await browser?.close();
  });

  /** What the run must look like once every trial has ended, computed from `final`. */
  function assertFinished(contents: Awaited<ReturnType<typeof panelContents>>) {
    assert.ok(contents.stats.includes(`${TRIALS} / ${TRIALS} trials`), contents.stats.join(' | '));
    const best = expectedBest(final, 20);
    const bestRecord = final.find((t) => t.trial === best[0])!;
    assert.ok(contents.stats.includes(`Best val acc ${bestRecord.valAcc!.toFixed(2)} (trial ${best[0]})`), contents.stats.join(' | '));
    assert.deepEqual(contents.best, best);
    let bestSoFar = -Infinity;
    const history = [...final].sort((a, b) => a.trial - b.trial).map((t) => {
      bestSoFar = Math.max(bestSoFar, t.valAcc!);
      return { trial: t.trial, valAcc: t.valAcc!, status: t.status, bestSoFar };
    });
    assert.equal(contents.history.length, TRIALS);
    assert.deepEqual(contents.history, history);
    assert.deepEqual(contents.scatter, final.map((t) => ({ trial: t.trial, valAcc: t.valAcc!, status: t.status })).sort((a, b) => a.trial - b.trial));
  }

  test('streamed: the header counts, Best-N in the book\'s order, one history row per finished trial, one point per trial', async () => {
    const panel = await browser.open('dark');
    const started = panelInit(runInfo('/ws/run', run.spec, run.meta, emptyRunState(), 0, 'running'), strings, 20);
    const messages: HostToPanel[] = [started, ...merged(hostUpdates(run.events), 250)];
    let halfway: Awaited<ReturnType<typeof panelContents>> | undefined;
    for (const [i, message] of messages.entries()) {
      await panel.post(message);
      await panel.whenIdle();
      if (i === Math.floor(messages.length / 2)) halfway = await panelContents(panel);
    }
    // Halfway, the panel holds what the events so far say (a running trial has a point, no history row).
    const sent = messages.slice(1, Math.floor(messages.length / 2) + 1).flatMap((m) => (m as PanelUpdate).events);
    const state = replay(sent);
    assert.equal(halfway!.scatter.length, state.trials.size);
    assert.equal(halfway!.history.length, state.trials.size - state.counts.running);
    assert.deepEqual(halfway!.best, expectedBest([...state.trials.values()], 20));

    assertFinished(await panelContents(panel));
    assert.deepEqual(await panel.problems(), []);
    await panel.page.close();
  });

  test('opened finished in a fresh page: the same contents', async () => {
    const panel = await browser.open('light');
    const info = runInfo('/ws/run', run.spec, run.meta, replay(run.events.map((e) => e.event)), 0);
    await panel.post(panelInit(info, strings, 20));
    await panel.whenIdle();
    assertFinished(await panelContents(panel));
    assert.deepEqual(await panel.problems(), []);
    await panel.page.close();
  });
});
