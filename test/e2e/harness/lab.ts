// Hyperparameter Lab's own surfaces in the workbench: the status bar item, the Runs tree, the
// results panel. Ids and labels follow src/extension/ids.ts and package.nls.json.
import type { Page } from 'playwright-core';
import { readEvents, runDirs, summarize } from './workspace';
import { waitFor } from './wait';
import { panelFrame, runCommand, showView } from './workbench';

export const CATEGORY = 'Hyperparameter Lab';
export const command = (title: string) => `${CATEGORY}: ${title}`;

/** Records every text the status bar item shows from now on (a MutationObserver, so no update is
 * missed however short-lived). Browser code as a string: tsx's name helpers do not exist in the page. */
const STATUS_RECORDER = `(() => {
  const seen = (window.__hplStatus = []);
  const read = () => {
    for (const item of document.querySelectorAll('.statusbar-item')) {
      if (!item.querySelector('.codicon-beaker')) continue;
      const text = (item.textContent || '').trim();
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }
  };
  new MutationObserver(read).observe(document.querySelector('.statusbar'), { subtree: true, childList: true, characterData: true });
  read();
})()`;

export async function recordStatusItem(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(STATUS_RECORDER);
  return () => page.evaluate('window.__hplStatus') as Promise<string[]>;
}

/** The newest run folder, once the run has started writing. */
export async function newestRun(workspace: string, after: readonly string[] = []): Promise<string> {
  return waitFor('a new run folder', () => runDirs(workspace).filter((d) => !after.includes(d)).at(-1), 60_000);
}

/** Waits until the run's trials.jsonl holds `ends` end events in all, of any status. */
export async function waitForEnds(runDir: string, ends: number, timeoutMs = 120_000): Promise<void> {
  await waitFor(`${ends} trial ends in ${runDir}`, () => readEvents(runDir).filter((e) => e.type === 'end').length >= ends, timeoutMs);
}

/** Final trials: trial number → final val acc, from disk. */
export function finalValAcc(runDir: string): Map<number, number | undefined> {
  return new Map([...summarize(readEvents(runDir)).values()].map((t) => [t.trial, t.valAcc]));
}

export interface TreeTrialRow {
  rank: number;
  trial: number;
  valAcc: string;
  label: string;
}

/** Opens the Runs view and returns its run rows' labels (newest first). */
export async function runRows(page: Page): Promise<string[]> {
  const pane = await showView(page, CATEGORY, 'Runs');
  const rows = pane.locator('.monaco-list-row[aria-level="1"]');
  await rows.first().waitFor();
  return rows.allInnerTexts();
}

/** Expands the first (newest) run and reads its trial rows, from their accessible labels
 * ("Rank 1, trial 6, val acc 0.22, lr 6.9e-3 · wd 2.2e-5"). */
export async function trialRows(page: Page, expected: number): Promise<TreeTrialRow[]> {
  const pane = await showView(page, CATEGORY, 'Runs');
  const run = pane.locator('.monaco-list-row[aria-level="1"]').first();
  await run.waitFor();
  if ((await run.getAttribute('aria-expanded')) !== 'true') await run.click();
  return waitFor(`${expected} trial rows in the Runs tree`, async () => {
    const labels = await pane.locator('.monaco-list-row[aria-level="2"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    if (labels.length !== expected) return false;
    return labels.map((label) => {
      const m = /Rank (\d+), trial (\d+), val acc ([\d.—]+)/.exec(label);
      if (!m) throw new Error(`unexpected trial row label: ${label}`);
      return { rank: Number(m[1]), trial: Number(m[2]), valAcc: m[3]!, label };
    });
  }, 30_000);
}

/** Opens the results panel (picking the newest run if asked which) and waits for its charts. */
export async function openPanel(page: Page): Promise<void> {
  await runCommand(page, command('Open Results Panel'));
  const pick = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
  const panel = panelFrame(page).locator('#app');
  await waitFor('the results panel (or the run picker)', async () => {
    if (await panel.count()) return true;
    if (await pick.isVisible()) await pick.click();
    return false;
  }, 30_000);
}

export interface PanelStats {
  bestCharts: number;
  scatterPoints: number;
  historyRows: number;
  theme: string;
  /** The panel's text as shown (the findings, the header…). */
  text: string;
}

/** What the panel's Vega views hold, through the webview's debug hook (window.__hplPanel), once its
 * redraws are idle. */
export async function panelStats(page: Page): Promise<PanelStats> {
  return panelFrame(page).locator('body').evaluate(async (body) => {
    type View = { data(name: string): Record<string, unknown>[] };
    const hook = (globalThis as unknown as { __hplPanel?: { views(): Record<string, View | undefined>; whenIdle(): Promise<void> } }).__hplPanel;
    if (!hook) throw new Error('the webview has no __hplPanel hook');
    await hook.whenIdle();
    const views = hook.views();
    const best = views.best?.data('best') ?? [];
    return {
      bestCharts: new Set(best.map((row) => row.rank)).size,
      scatterPoints: views.scatter?.data('points').length ?? 0,
      historyRows: views.history?.data('history').length ?? 0,
      theme: body.className,
      text: body.innerText,
    };
  });
}

/** Waits until the panel shows `trials` trials in the Best-N grid and the scatter. */
export async function waitForPanel(page: Page, trials: number): Promise<PanelStats> {
  return waitFor(`the panel to chart ${trials} trials`, async () => {
    const stats = await panelStats(page);
    return stats.bestCharts === trials && stats.scatterPoints === trials ? stats : false;
  }, 60_000, 500);
}
