// The panel's page: a header (run, status, progress, best) and one section per view. Built once;
// texts are filled from the store on every redraw.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import { finishedCount } from '../src/core/runs/state';
import { lastValAcc } from '../src/core/search/objective';
import type { PanelStore } from './store';
import type { LiveShowing } from './views/live';
import { localize, type StringKey } from '../src/panel/strings';
import { workersStat } from '../src/panel/run-facts';
import { BEST_N_CHOICES } from './views/best';

export type SectionName = 'live' | 'scatter' | 'parallel' | 'best' | 'history' | 'importance';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

interface Section {
  root: HTMLElement;
  heading: HTMLElement;
  chart: HTMLElement;
  note: HTMLElement;
}

/** The K of "best K" titles: no more than have finished (a run's first minutes have fewer than 20). */
function shownBestN(store: PanelStore): number {
  const finished = finishedCount(store.state);
  return finished > 0 ? Math.min(store.bestN, finished) : store.bestN;
}

const SECTION_TITLES: Record<SectionName, StringKey> = {
  live: 'liveCurves', scatter: 'scatter', parallel: 'parallel', best: 'bestN', history: 'history', importance: 'importance',
};

export class PanelLayout {
  readonly sections: Record<SectionName, Section>;
  readonly bestN: VscodeSingleSelect;
  /** The parallel coordinates' head: draw only the Best-N trials; remove every brush. */
  readonly parallelTopK = el('vscode-checkbox') as VscodeCheckbox;
  readonly clearBrushes = el('vscode-button') as VscodeButton;
  private readonly name = el('h1', 'hpl-name');
  private readonly status = el('vscode-badge');
  private readonly backend = el('span', 'hpl-stat');
  private readonly progress = el('span', 'hpl-stat');
  private readonly best = el('span', 'hpl-stat');
  private readonly workers = el('span', 'hpl-stat hpl-workers');
  private readonly testSetNote = el('p', 'hpl-test-set');
  private readonly bestNLabel = el('label', 'hpl-control');
  private readonly waiting = el('p', 'hpl-waiting');
  /** "Note…" for the run (in the header) and for the selected trial (beside its note). */
  readonly noteRunButton = el('vscode-button') as VscodeButton;
  readonly noteTrialButton = el('vscode-button') as VscodeButton;
  private readonly notes = el('div', 'hpl-notes');
  private readonly runNote = el('p', 'hpl-run-note');
  private readonly trialNote = el('p', 'hpl-trial-note');
  private readonly main = el('main', 'hpl-views');

  constructor(root: HTMLElement, onBestN: (n: number) => void) {
    const header = el('header', 'hpl-header');
    const title = el('div', 'hpl-title');
    title.append(this.name, this.status);
    const stats = el('div', 'hpl-stats');
    stats.append(this.backend, this.workers, this.progress, this.best);
    header.append(title, stats, this.noteRunButton, this.testSetNote);
    this.noteRunButton.id = 'note-run';
    this.noteTrialButton.id = 'note-trial';
    this.noteRunButton.secondary = this.noteTrialButton.secondary = true;
    this.trialNote.append(el('strong'), el('span'));
    const trialLine = el('div', 'hpl-trial-note-line');
    trialLine.append(this.trialNote, this.noteTrialButton);
    this.notes.append(this.runNote, trialLine);

    this.bestN = el('vscode-single-select') as VscodeSingleSelect;
    this.bestN.id = 'best-n';
    for (const n of BEST_N_CHOICES) {
      const option = el('vscode-option', undefined, String(n));
      option.setAttribute('value', String(n));
      this.bestN.append(option);
    }
    this.bestN.addEventListener('change', () => onBestN(Number(this.bestN.value)));

    const make = (name: SectionName): Section => {
      const root = el('section', `hpl-section hpl-${name}`);
      const head = el('div', 'hpl-section-head');
      const heading = el('h2');
      head.append(heading);
      const note = el('p', 'hpl-note');
      note.hidden = true;
      const chart = el('div', 'hpl-chart');
      root.append(head, note, chart);
      this.main.append(root);
      return { root, heading, chart, note };
    };
    this.sections = { live: make('live'), scatter: make('scatter'), parallel: make('parallel'), best: make('best'), history: make('history'), importance: make('importance') };
    this.sections.best.root.querySelector('.hpl-section-head')!.append(this.bestNLabel);
    this.bestNLabel.append(el('span'), this.bestN);
    this.parallelTopK.id = 'parallel-top-k';
    this.clearBrushes.id = 'clear-brushes';
    this.clearBrushes.secondary = true;
    const parallelControls = el('div', 'hpl-control');
    parallelControls.append(this.clearBrushes, this.parallelTopK);
    this.sections.parallel.root.querySelector('.hpl-section-head')!.append(parallelControls);
    this.sections.importance.root.hidden = true;
    this.main.hidden = true;
    root.append(header, this.notes, this.waiting, this.main);
  }

  /** The parallel coordinates' head and note: how to brush, what is drawn (`sampled`), how many trials the brushes keep. */
  renderParallel(store: PanelStore, sampled: string): void {
    const s = store.strings;
    const brushed = Object.keys(store.brushes).length > 0;
    // Written only when they change: each write costs the page a layout, on every redraw.
    const set = (e: HTMLElement, text: string) => void (e.textContent !== text && (e.textContent = text));
    const label = localize(s, 'parallelTopK', shownBestN(store));
    if (this.parallelTopK.label !== label) this.parallelTopK.label = label;
    set(this.clearBrushes, localize(s, 'clearBrushes'));
    this.clearBrushes.hidden = !brushed;
    const kept = brushed ? localize(s, 'parallelKept', store.passingCount, store.trials.size) : '';
    const note = this.sections.parallel.note;
    set(note, [localize(s, 'parallelHint'), sampled, kept].filter((t) => t !== '').join(' '));
    note.hidden = false;
  }

  /** The run's note under the header, the selected trial's note, and their "Note…" buttons. */
  private renderNotes(store: PanelStore): void {
    const s = store.strings;
    const trial = store.selected;
    this.notes.hidden = this.noteRunButton.hidden = store.run === undefined;
    this.runNote.textContent = store.notes.run ?? '';
    this.runNote.hidden = store.notes.run === undefined;
    this.runNote.title = localize(s, 'note');
    this.noteRunButton.textContent = localize(s, 'noteEditRun');
    const trialText = trial === null ? undefined : store.notes.trials.get(trial);
    this.trialNote.hidden = trialText === undefined;
    (this.trialNote.firstChild as HTMLElement).textContent = trial === null ? '' : `${localize(s, 'noteOfTrial', trial)}: `;
    (this.trialNote.lastChild as HTMLElement).textContent = trialText ?? '';
    this.noteTrialButton.hidden = trial === null;
    this.noteTrialButton.textContent = trial === null ? '' : localize(s, 'noteEditTrial', trial);
  }

  /** Header texts, section titles and the empty-state notes, from the store. */
  render(store: PanelStore, live: LiveShowing): void {
    const s = store.strings;
    const run = store.run;
    this.waiting.textContent = localize(s, 'waiting');
    this.waiting.hidden = run !== undefined;
    this.main.hidden = run === undefined;
    this.renderNotes(store);
    if (!run) return;
    const done = finishedCount(store.state);
    const running = store.state.counts.running > 0;
    this.name.textContent = run.name;
    this.status.textContent = localize(s, running ? 'running' : 'done');
    this.status.hidden = !running && done < run.trialsTotal;
    this.backend.textContent = `${localize(s, 'backend')}: ${run.backend}`;
    this.workers.textContent = workersStat(s, store.workers);
    this.workers.hidden = store.workers === null;
    this.testSetNote.textContent = localize(s, 'testSetNote');
    this.testSetNote.hidden = !run.testSet;
    this.progress.textContent = localize(s, 'trialsDone', done, run.trialsTotal);
    const best = store.state.best;
    const bestValAcc = best && lastValAcc(best);
    this.best.textContent = best && bestValAcc !== undefined ? localize(s, 'best', bestValAcc.toFixed(2), best.trial) : '';
    for (const [name, key] of Object.entries(SECTION_TITLES) as [SectionName, StringKey][]) {
      this.sections[name].heading.textContent = localize(s, key);
    }
    this.sections.importance.root.hidden = store.importance === undefined;
    if (live === 'best') this.sections.live.heading.textContent = localize(s, 'bestCurves', shownBestN(store));
    this.sections.live.note.textContent = localize(s, 'liveEmpty');
    this.sections.live.note.hidden = live !== 'none';
    (this.bestNLabel.firstChild as HTMLElement).textContent = localize(s, 'bestCount');
    if (this.bestN.value !== String(store.bestN)) this.bestN.value = String(store.bestN);
  }
}
