// The panel's entry. It only draws: every fact comes from the host in a message (validated
// first), is kept in the store, and reaches the views through one coalesced redraw at most ten
// times a second. It tells the host `ready`, which trial the user clicked, and the Best-N choice.
import type { PanelToHost } from '../src/panel/contract';
import { PanelLayout, type SectionName } from './layout';
import { RedrawScheduler } from './schedule';
import { PanelStore } from './store';
import { readTheme, vegaConfig, watchTheme } from './theme';
import { parseHostMessage } from './validate';
import { BestGrid } from './views/best';
import type { Chart } from './views/chart';
import { TrialHistory } from './views/history';
import { ImportanceBars } from './views/importance';
import { showFindings } from './views/findings';
import { LiveCurves } from './views/live';
import { ParamScatter } from './views/scatter';
import { showRoundsTable } from './views/rounds-table';
import { ParallelCoordinates } from './views/parallel';
import type { Brush, Brushes } from './parallel-rows';

interface WebviewApi<State> {
  postMessage(message: PanelToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
}
declare function acquireVsCodeApi<State>(): WebviewApi<State>;

/** What survives a reload of the webview besides the data (which the host sends again). */
interface UiState {
  selected: number | null;
  /** The parallel coordinates' brushes and top-K toggle. */
  brushes?: Brushes;
  parallelTopK?: boolean;
}

const vscode = acquireVsCodeApi<UiState>();
const store = new PanelStore();
store.selected = vscode.getState()?.selected ?? null;
store.brushes = vscode.getState()?.brushes ?? {};
const saveState = () => vscode.setState({ selected: store.selected, brushes: store.brushes, parallelTopK: parallel.topK });

function select(trial: number | null, fromUser: boolean): void {
  store.selected = trial;
  saveState();
  if (fromUser) vscode.postMessage({ type: 'select', trial });
  scheduler.request();
}

const onClick = (trial: number) => select(trial, true);
const live = new LiveCurves(onClick);
const parallel = new ParallelCoordinates(onClick, (axis: string, brush: Brush | undefined) => {
  store.setBrush(axis, brush);
  saveState();
  scheduler.request();
});
parallel.topK = vscode.getState()?.parallelTopK ?? false;
const charts: Record<SectionName, Chart> = {
  live,
  scatter: new ParamScatter(onClick),
  parallel,
  best: new BestGrid(onClick),
  history: new TrialHistory(onClick),
  importance: new ImportanceBars(onClick),
};
const needsMount = new Set<SectionName>();
const mountAll = () => (Object.keys(charts) as SectionName[]).forEach((name) => needsMount.add(name));

const layout = new PanelLayout(document.getElementById('app') ?? document.body, (n) => {
  store.bestN = n;
  vscode.postMessage({ type: 'setBestN', n });
  scheduler.request();
});

layout.parallelTopK.checked = parallel.topK;
layout.parallelTopK.addEventListener('change', () => {
  parallel.topK = layout.parallelTopK.checked;
  saveState();
  scheduler.request();
});
// the host asks for the text (an input box) and sends the notes back
layout.noteRunButton.addEventListener('click', () => vscode.postMessage({ type: 'editNote', trial: null }));
layout.noteTrialButton.addEventListener('click', () => {
  if (store.selected !== null) vscode.postMessage({ type: 'editNote', trial: store.selected });
});
function clearBrushes(): void {
  for (const axis of Object.keys(store.brushes)) store.setBrush(axis, undefined);
  saveState();
  scheduler.request();
}
layout.clearBrushes.addEventListener('click', clearBrushes);

/** The filter last posted to the host, as JSON (the host starts with none). */
let postedFilter = 'null';
/** Tells the host which trials the brushes keep, when that changed (it narrows the tree to them). */
function postFilter(): void {
  if (!store.filterChanged) return;
  store.filterChanged = false;
  const trials = store.filtered();
  const key = JSON.stringify(trials);
  if (key === postedFilter) return;
  postedFilter = key;
  vscode.postMessage({ type: 'filter', trials });
}

/** Durations of the redraws in ms, kept only once a test asks for them (recordRedraws). */
let redrawTimes: number[] | undefined;

async function redraw(): Promise<void> {
  const started = performance.now();
  try {
    layout.render(store, live.showing);
    if (!store.run) return;
    const visible = (Object.keys(charts) as SectionName[]).filter((name) => !layout.sections[name].root.hidden);
    for (const name of visible) if (charts[name].needsRemount(store)) needsMount.add(name);
    if (needsMount.size > 0) {
      const theme = readTheme();
      const config = vegaConfig(theme);
      for (const name of visible.filter((n) => needsMount.has(n))) {
        const ctx = { run: store.run, strings: store.strings, theme, config, width: layout.sections[name].chart.clientWidth };
        await charts[name].mount(layout.sections[name].chart, ctx, store);
        needsMount.delete(name);
      }
    }
    for (const name of visible) await charts[name].draw(store);
    layout.renderParallel(store, parallel.note);
    postFilter();
    layout.render(store, live.showing);
  } catch (e) {
    console.error('Hyperparameter Lab panel:', e);
  } finally {
    redrawTimes?.push(performance.now() - started);
  }
}

const scheduler = new RedrawScheduler(redraw, {
  now: () => performance.now(),
  after: (ms, run) => setTimeout(run, ms),
  frame: (run) => requestAnimationFrame(run),
});

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseHostMessage(event.data);
  if (!msg) return;
  switch (msg.type) {
    case 'init':
      store.init(msg);
      showRoundsTable(layout.sections.scatter.root, undefined, store.strings);
      showFindings(layout.sections.live.root, undefined, store.strings); // the new run's follow its init
      mountAll();
      break;
    case 'rounds':
      store.rounds = msg.rounds;
      showRoundsTable(layout.sections.scatter.root, msg.rounds, store.strings);
      needsMount.add('scatter');
      break;
    case 'update':
      store.update(msg);
      break;
    case 'select':
      select(msg.trial, false);
      return;
    case 'importance':
      store.importance = msg.importance;
      needsMount.add('importance');
      break;
    case 'findings':
      showFindings(layout.sections.live.root, msg.sentences, store.strings);
      return;
    case 'notes':
      store.setNotes(msg);
      break;
    case 'clearBrushes':
      clearBrushes();
      return;
    case 'workers':
      store.workers = msg.count;
      break;
  }
  scheduler.request();
});

window.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && store.selected !== null) select(null, true);
});

// A theme switch changes colours the Vega configs were built from; a resize changes their widths.
watchTheme(() => {
  mountAll();
  scheduler.request();
});
let mountedWidth = document.body.clientWidth;
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (Math.abs(document.body.clientWidth - mountedWidth) < 16) return;
    mountedWidth = document.body.clientWidth;
    mountAll();
    scheduler.request();
  }, 200);
}).observe(document.body);

Object.assign(window, {
  __hplPanel: {
    views: () => Object.fromEntries(Object.entries(charts).map(([name, chart]) => [name, chart.vegaView])),
    recordRedraws: () => void (redrawTimes = []),
    redrawTimes: () => redrawTimes ?? [],
    whenIdle: () => scheduler.whenIdle(),
    /** The least time between two redraws' starts (100 ms; bench/panel.ts sets 0 to replay a run quickly). */
    setRedrawInterval: (ms: number) => void (scheduler.intervalMs = ms),
  },
});

vscode.postMessage({ type: 'ready' });
