// The results panel: one webview showing one run. Whenever the webview says `ready` (it survives
// being hidden, reloaded and, through the serializer, a restart) it gets the run's records: from the
// live session while the run is running here, else from the run store. While the run runs, the
// session's events follow in batches; nothing is read from the disk for them. The run's notes follow
// every init; the panel's brush filter and its "Note…" requests go out as events.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readRun, readSpec, type RunInfo } from '../core/runs/store';
import { readNotes } from '../core/runs/notes';
import type { TrialEvent, TrialRecord } from '../core/runs/events';
import type { RunHandle, RunSummary } from '../core/session';
import { paramImportance } from '../core/search';
import { runFindings } from '../core/search/findings';
import type { Distribution } from '../core/spec/types';
import { findingsLocale } from './findings-locale';
import type { HostToPanel, PanelToHost } from '../panel/contract';
import { bestN } from './config';
import { PANEL_VIEW_TYPE } from './ids';
import { UpdateBatcher, panelInit, panelStrings, parsePanelMessage } from './logic/panel-messages';
import { panelRounds } from '../panel/rounds';
import { errorText, output } from './output';
import { renderPanelHtml } from './panel-html';
import type { RunListener } from './searches';
import { t } from './l10n';

const LAST_RUN_KEY = 'hparamLab.panelRun';
const BEST_N_KEY = 'hparamLab.panelBestN';

/** What the serializer gets back after a restart, if the webview stores it with setState. */
interface PanelState {
  run?: { dir?: unknown };
  dir?: unknown;
}

export class ResultsPanel implements RunListener, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private dir: string | undefined;
  private batcher: UpdateBatcher | undefined;
  private pendingSelect: number | null = null;
  /** The connected workers of the queue run in progress, for its panel header. */
  private workers: { dir: string; count: number } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The run whose trials the panel's brushes filter, if they do. */
  private filteredDir: string | undefined;
  private readonly filterEmitter = new vscode.EventEmitter<{ dir: string; trials: readonly number[] | null }>();
  private readonly noteEmitter = new vscode.EventEmitter<{ dir: string; trial: number | null }>();
  /** The panel's brushes keep these trials of the run (null: no brush, or the brushes are gone). */
  readonly onDidChangeFilter = this.filterEmitter.event;
  /** The user asked, in the panel, to write the note of the run (trial null) or of a trial. */
  readonly onDidRequestNote = this.noteEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    /** The webview selected a trial: reveal it in the tree. */
    private readonly onSelect: (dir: string, trial: number) => void,
    /** The session of a run that is running in this window, if `dir` is one. */
    private readonly liveRun: (dir: string) => RunHandle | undefined,
  ) {}

  get shownDir(): string | undefined {
    return this.panel ? this.dir : undefined;
  }

  /** Opens (or reuses) the panel on a run, optionally focusing one trial. */
  show(dir: string, trial?: number): void {
    if (!this.panel) {
      this.adopt(vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, '', vscode.ViewColumn.Beside, this.webviewOptions()), dir);
    } else if (dir !== this.dir) {
      this.setRun(dir);
    } else {
      this.panel.reveal(undefined, true);
    }
    if (trial !== undefined) this.select(trial);
  }

  /** The tree selected a trial of the shown run. */
  select(trial: number | null): void {
    this.pendingSelect = trial; // re-sent after the next init, in case the webview is (re)loading
    this.post({ type: 'select', trial });
  }

  /** Restores a panel VS Code kept across a restart. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const s = (state ?? {}) as PanelState;
    const candidate = [s.run?.dir, s.dir, this.context.workspaceState.get<string>(LAST_RUN_KEY)]
      .find((d): d is string => typeof d === 'string' && existsSync(d));
    if (!candidate || this.panel) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.adopt(panel, candidate);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')],
      retainContextWhenHidden: false,
    };
  }

  private adopt(panel: vscode.WebviewPanel, dir: string): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'hparam-lab.svg');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidDispose(() => this.closed()),
    );
    this.setRun(dir);
  }

  private setRun(dir: string): void {
    const panel = this.panel!;
    this.batcher?.dispose();
    this.clearFilter();
    this.dir = dir;
    this.pendingSelect = null;
    void this.context.workspaceState.update(LAST_RUN_KEY, dir);
    this.batcher = new UpdateBatcher((m) => this.post(m));
    let name = dir;
    try {
      name = this.liveRun(dir)?.spec.name ?? readSpec(dir).name;
    } catch {
      // the html still loads; init reports the error
    }
    panel.title = t('Hyperparameter Lab — {0}', name);
    panel.webview.html = this.html(panel.webview, panel.title);
  }

  private html(webview: vscode.Webview, title: string): string {
    const media = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', ...path)).toString();
    return renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('hex'),
      scriptUri: media('webview.js'),
      styleUris: [media('panel.css')],
      title,
    });
  }

  private receive(raw: unknown): void {
    const message: PanelToHost | undefined = parsePanelMessage(raw);
    if (!message || !this.dir) return; // unknown or malformed: ignored
    switch (message.type) {
      case 'ready':
        this.clearFilter(); // a (re)loaded page has no brushes
        return this.sendInit();
      case 'select':
        if (message.trial !== null) this.onSelect(this.dir, message.trial);
        return;
      case 'setBestN':
        void this.context.workspaceState.update(BEST_N_KEY, message.n);
        return;
      case 'filter':
        this.filteredDir = message.trials === null ? undefined : this.dir;
        this.filterEmitter.fire({ dir: this.dir, trials: message.trials });
        return;
      case 'editNote':
        this.noteEmitter.fire({ dir: this.dir, trial: message.trial });
        return;
    }
  }

  /** The tree's "Clear panel filter": the panel showing `dir` removes its brushes (and then posts no filter). */
  clearBrushes(dir: string): void {
    if (this.panel && dir === this.dir) this.post({ type: 'clearBrushes' });
    if (this.filteredDir === dir) this.filteredDir = undefined;
  }

  private clearFilter(): void {
    if (this.filteredDir !== undefined) this.filterEmitter.fire({ dir: this.filteredDir, trials: null });
    this.filteredDir = undefined;
  }

  /** The run's notes.json changed: the panel shows it again if it shows that run. */
  notesChanged(dir: string): void {
    if (this.panel && dir === this.dir) this.postNotes(dir);
  }

  private postNotes(dir: string): void {
    try {
      const notes = readNotes(dir);
      this.post({ type: 'notes', ...(notes.run === undefined ? {} : { run: notes.run }), trials: notes.trials });
    } catch (e) {
      output().warn(errorText(e));
    }
  }

  /** The run as it is now: the live session's state, or the run store's. */
  private currentRun(dir: string): RunInfo {
    return this.liveRun(dir)?.info() ?? readRun(dir);
  }

  private sendInit(): void {
    const dir = this.dir!;
    try {
      const run = this.currentRun(dir);
      const n = this.context.workspaceState.get<number>(BEST_N_KEY) ?? bestN();
      this.batcher?.clear(); // the init holds every event so far
      this.post(panelInit(run, panelStrings(t), n));
      const importance = paramImportance(run.trials, run.spec.search.params);
      this.postImportance(importance);
      this.postFindings(run.trials, run.spec.search.params, importance);
      const rounds = panelRounds(run, n); // round 2 on: earlier rounds' ranges and points, the round table
      if (rounds) this.post(rounds);
      this.postNotes(dir);
      if (this.workers?.dir === dir) this.post({ type: 'workers', count: this.workers.count });
      if (this.pendingSelect !== null) this.post({ type: 'select', trial: this.pendingSelect });
    } catch (e) {
      output().error(t('Cannot show run {0}: {1}', dir, errorText(e)));
    }
  }

  private postImportance(importance: Record<string, number> | undefined): void {
    if (importance && Object.keys(importance).length > 0) this.post({ type: 'importance', importance });
  }

  private postFindings(trials: readonly TrialRecord[], params: Record<string, Distribution>, importance: Record<string, number> | undefined): void {
    this.post({ type: 'findings', sentences: runFindings(trials, params, importance ?? {}, findingsLocale()).sentences });
  }

  private post(message: HostToPanel): void {
    void this.panel?.webview.postMessage(message);
  }

  runStarted(run: RunHandle): void {
    if (this.panel && run.dir !== this.dir) this.setRun(run.dir); // an open panel follows the new run
  }

  runEvent(dir: string, e: TrialEvent): void {
    if (this.panel && dir === this.dir) this.batcher?.add(e);
  }

  runWorkers(dir: string, count: number): void {
    this.workers = { dir, count };
    if (this.panel && dir === this.dir) this.post({ type: 'workers', count });
  }

  runEnded(dir: string, summary: RunSummary | undefined): void {
    if (this.workers?.dir === dir) this.workers = undefined;
    if (!this.panel || dir !== this.dir) return;
    this.post({ type: 'workers', count: null });
    this.batcher?.flush();
    this.postImportance(summary?.importance);
    if (summary) this.postFindings(summary.trials, readSpec(dir).search.params, summary.importance);
  }

  private closed(): void {
    this.clearFilter();
    this.batcher?.dispose();
    this.batcher = undefined;
    this.panel = undefined;
    this.disposables.splice(0).forEach((d) => d.dispose());
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed(); // the emitters stay: deleting the shown run closes the panel, and show() opens it again
  }
}

export function registerPanelSerializer(panel: ResultsPanel): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    deserializeWebviewPanel: async (webviewPanel, state) => panel.restore(webviewPanel, state),
  });
}
