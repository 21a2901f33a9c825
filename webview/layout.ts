// The panel's page: a header (run, status, progress, best) and one section per view. Built once;
// texts are filled from the store on every redraw.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { finishedCount } from '../src/core/runs/state';
import { lastValAcc } from '../src/core/search/objective';
import type { PanelStore } from './store';
import { localize, type StringKey } from '../src/panel/strings';
import { BEST_N_CHOICES } from './views/best';

export type SectionName = 'live' | 'scatter' | 'best' | 'history' | 'importance';

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

const SECTION_TITLES: Record<SectionName, StringKey> = {
  live: 'liveCurves', scatter: 'scatter', best: 'bestN', history: 'history', importance: 'importance',
};

export class PanelLayout {
  readonly sections: Record<SectionName, Section>;
  readonly bestN: VscodeSingleSelect;
  private readonly name = el('h1', 'hpl-name');
  private readonly status = el('vscode-badge');
  private readonly backend = el('span', 'hpl-stat');
  private readonly progress = el('span', 'hpl-stat');
  private readonly best = el('span', 'hpl-stat');
  private readonly bestNLabel = el('label', 'hpl-control');
  private readonly waiting = el('p', 'hpl-waiting');
  private readonly main = el('main', 'hpl-views');

  constructor(root: HTMLElement, onBestN: (n: number) => void) {
    const header = el('header', 'hpl-header');
    const title = el('div', 'hpl-title');
    title.append(this.name, this.status);
    const stats = el('div', 'hpl-stats');
    stats.append(this.backend, this.progress, this.best);
    header.append(title, stats);

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
    this.sections = { live: make('live'), scatter: make('scatter'), best: make('best'), history: make('history'), importance: make('importance') };
    this.sections.best.root.querySelector('.hpl-section-head')!.append(this.bestNLabel);
    this.bestNLabel.append(el('span'), this.bestN);
    this.sections.importance.root.hidden = true;
    this.main.hidden = true;
    root.append(header, this.waiting, this.main);
  }

  /** Header texts, section titles and the empty-state notes, from the store. */
  render(store: PanelStore, liveEmpty: boolean): void {
    const s = store.strings;
    const run = store.run;
    this.waiting.textContent = localize(s, 'waiting');
    this.waiting.hidden = run !== undefined;
    this.main.hidden = run === undefined;
    if (!run) return;
    const done = finishedCount(store.state);
    const running = store.state.counts.running > 0;
    this.name.textContent = run.name;
    this.status.textContent = localize(s, running ? 'running' : 'done');
    this.status.hidden = !running && done < run.trialsTotal;
    this.backend.textContent = `${localize(s, 'backend')}: ${run.backend}`;
    this.progress.textContent = localize(s, 'trialsDone', done, run.trialsTotal);
    const best = store.state.best;
    const bestValAcc = best && lastValAcc(best);
    this.best.textContent = best && bestValAcc !== undefined ? localize(s, 'best', bestValAcc.toFixed(2), best.trial) : '';
    for (const [name, key] of Object.entries(SECTION_TITLES) as [SectionName, StringKey][]) {
      this.sections[name].heading.textContent = localize(s, key);
    }
    this.sections.importance.root.hidden = store.importance === undefined;
    this.sections.live.note.textContent = localize(s, 'liveEmpty');
    this.sections.live.note.hidden = !liveEmpty;
    (this.bestNLabel.firstChild as HTMLElement).textContent = localize(s, 'bestCount');
    if (this.bestN.value !== String(store.bestN)) this.bestN.value = String(store.bestN);
  }
}
