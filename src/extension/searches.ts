// One search at a time in this window: starts and resumes runs through the core runner, and shows
// them as a cancellable notification, a status bar item and lines in the output channel.
import * as vscode from 'vscode';
import { startRun, resumeRun, type ResumeOptions, type RunHandle, type RunSummary } from '../core/session';
import { bestValAcc, finishedCount } from '../core/runs/state';
import { threadExecutor } from '../worker/pool';
import { queueExecutor } from '../queue/executor';
import { parseQueueUrl } from '../queue/redis-url';
import { LockedError } from '../core/runs/lock';
import { readRun } from '../core/runs/store';
import type { TrialEvent } from '../core/runs/events';
import type { DataSpec, SearchSpec } from '../core/spec/types';
import { loadSpec } from '../core/load-spec';
import type { ParseResult } from '../core/spec';
import { dataInsideWorkspace } from './diagnostics';
import { dataOutsideWorkspace } from '../core/data/containment';
import { queueSetting, runOverrides, runsRootFor } from './config';
import { COMMANDS, CONTEXT_KEYS, STATUS_ITEM } from './ids';
import { accuracyText } from './logic/tree-model';
import { searchStatusText } from './logic/status-text';
import { issueSeverity, type SpecIssue } from './logic/spec-file';
import { errorText, output } from './output';
import { t } from './l10n';

/** Who else wants to hear about a run (the tree and the panel). */
export interface RunListener {
  runStarted(run: RunHandle): void;
  runEvent(dir: string, e: TrialEvent): void;
  /** `summary` is undefined when the run failed. */
  runEnded(dir: string, summary: RunSummary | undefined): void;
  /** A queue run's connected workers changed (also once when it starts). */
  runWorkers?(dir: string, count: number): void;
}

interface ActiveSearch {
  handle: RunHandle;
  name: string;
}

export class Searches implements vscode.Disposable {
  private active: ActiveSearch | undefined;
  /** Between the user's go and the runner's handle: a second start waits its turn. */
  private starting = false;
  private progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
  private readonly statusItem = vscode.window.createStatusBarItem(STATUS_ITEM, vscode.StatusBarAlignment.Left, 50);
  /** Workers connected to the queue of the run starting or running; undefined for a run on this machine. */
  private workers: number | undefined;

  constructor(private readonly listeners: RunListener[]) {
    this.statusItem.name = t('Hyperparameter search');
    this.statusItem.command = COMMANDS.openPanel;
  }

  get runningDir(): string | undefined {
    return this.active?.handle.dir;
  }

  /** The session of `dir`, while it runs in this window. */
  live(dir: string): RunHandle | undefined {
    return this.active?.handle.dir === dir ? this.active.handle : undefined;
  }

  /** Parses the (saved) spec and starts a run of it. */
  async start(specUri: vscode.Uri): Promise<void> {
    const document = await vscode.workspace.openTextDocument(specUri);
    if (document.isDirty) await document.save();
    const path = specUri.fsPath;
    const text = document.getText();
    const inside = (source: DataSpec['source']) => dataInsideWorkspace(source, path);
    let loaded = loadSpec(path, { text, mayReadData: inside });
    if (await this.refused(specUri, loaded)) return;
    if (!(await this.mayTrain()) || !(await this.mayReadData(loaded.spec!, path))) return;
    if (!inside(loaded.spec!.data.source)) {
      // data from outside the workspace is checked now that the user has agreed to read it
      loaded = loadSpec(path, { text });
      if (await this.refused(specUri, loaded)) return;
    }
    if (!(await this.stopOtherFirst())) return;
    const spec = loaded.spec!;
    await this.launch(spec, () =>
      startRun({ ...this.options(specUri), spec, specPath: specUri.fsPath, outRoot: runsRootFor(specUri) }),
    );
  }

  /** A spec with errors is not run: says so, and offers the Problems view. */
  private async refused(specUri: vscode.Uri, { spec, errors }: ParseResult): Promise<boolean> {
    const problems = errors.filter((e: SpecIssue) => issueSeverity(e) === 'error');
    if (spec && problems.length === 0) return false;
    const show = t('Show problems');
    const answer = await vscode.window.showErrorMessage(t('{0} has {1} problem(s); fix them before running.', vscode.workspace.asRelativePath(specUri), problems.length), show);
    if (answer === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return true;
  }

  /** Finishes a cancelled or interrupted run with the same seeds. */
  async resume(dir: string): Promise<void> {
    const run = readRun(dir);
    if (!(await this.mayTrain()) || !(await this.mayReadData(run.spec, run.meta.specPath || dir)) || !(await this.stopOtherFirst())) return;
    const scope = run.meta.specPath ? vscode.Uri.file(run.meta.specPath) : undefined;
    await this.launch(run.spec, () => resumeRun(dir, this.options(scope)), true);
  }

  stop(): void {
    if (!this.active) return;
    output().info(t('Stopping {0}…', this.active.handle.dir));
    this.active.handle.cancel();
  }

  private options(scope: vscode.Uri | undefined): ResumeOptions {
    const overrides = runOverrides(scope);
    if (overrides.backend) output().info(t('Backend from the settings: {0}', overrides.backend));
    if (overrides.workers) output().info(t('Workers from the settings: {0}', overrides.workers));
    const queue = queueSetting();
    // a malformed URL throws here, naming it with the password masked
    this.workers = undefined;
    const executor = queue ? queueExecutor(parseQueueUrl(queue), (count) => this.workersChanged(count), t) : threadExecutor;
    return { ...overrides, executor, onNote: (note) => output().info(note) };
  }

  /** Restricted Mode shows results but asks before training. */
  private async mayTrain(): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const train = t('Train anyway');
    const answer = await vscode.window.showWarningMessage(
      t('This workspace is in Restricted Mode. Training reads the data named in search.json and uses the CPU or GPU for a while.'),
      { modal: true },
      train,
    );
    return answer === train;
  }

  /** data.source.idx leading out of the workspace (by "..", an absolute path or a link) needs a yes. */
  private async mayReadData(spec: SearchSpec, specPath: string): Promise<boolean> {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const outside = dataOutsideWorkspace(spec.data.source, specPath, folders);
    if (outside === undefined) return true;
    const use = t('Read it');
    const answer = await vscode.window.showWarningMessage(
      t('The training data is outside the workspace: {0}. Read it anyway?', outside),
      { modal: true },
      use,
    );
    return answer === use;
  }

  /** One search at a time: asks to stop the running one, and waits until it has stopped. */
  private async stopOtherFirst(): Promise<boolean> {
    const running = this.active;
    if (!running) return true;
    const stop = t('Stop it and start');
    const answer = await vscode.window.showWarningMessage(
      t('The search "{0}" is still running. Only one search runs at a time.', running.name),
      { modal: true },
      stop,
    );
    if (answer !== stop) return false;
    running.handle.cancel();
    await running.handle.done.catch(() => undefined);
    return true;
  }

  private onEvent(active: ActiveSearch, e: TrialEvent): void {
    if (e.type === 'end' && e.status !== 'cancelled') {
      this.progress?.report({ increment: 100 / active.handle.spec.search.trials, message: this.progressText(active) });
      this.showStatus(active);
    }
    if (e.type === 'end' && e.error) output().error(t('Trial {0} {1}: {2}', e.trial, e.status, e.error));
    for (const l of this.listeners) l.runEvent(active.handle.dir, e);
  }

  /** Also called while the executor opens, before the run is active: launch() passes that count on. */
  private workersChanged(count: number): void {
    this.workers = count;
    if (this.active) this.tellWorkers(this.active);
  }

  private tellWorkers(active: ActiveSearch): void {
    this.showStatus(active);
    const count = this.workers;
    if (count !== undefined) for (const l of this.listeners) l.runWorkers?.(active.handle.dir, count);
  }

  private showStatus(active: ActiveSearch): void {
    this.statusItem.text = searchStatusText(this.progressText(active), this.workers, t);
  }

  /** "12/100 · best 0.87", from the session's state. */
  private progressText({ handle }: ActiveSearch): string {
    const best = bestValAcc(handle.state);
    return `${finishedCount(handle.state)}/${handle.spec.search.trials}${best === undefined ? '' : ` · ${t('best {0}', accuracyText(best))}`}`;
  }

  private async launch(spec: SearchSpec, begin: () => Promise<RunHandle>, resumed = false): Promise<void> {
    if (this.starting) {
      void vscode.window.showInformationMessage(t('A search is starting; try again in a moment.'));
      return;
    }
    let handle: RunHandle;
    this.starting = true;
    try {
      handle = await begin();
    } catch (e) {
      if (e instanceof LockedError) {
        void vscode.window.showErrorMessage(t('Another search is running in this workspace (run {0}, process {1}). Stop it first.', e.holder.run, e.holder.pid));
      } else {
        output().error(errorText(e));
        void vscode.window.showErrorMessage(t('The search could not start: {0}', errorText(e)));
      }
      return;
    } finally {
      this.starting = false;
    }
    const active: ActiveSearch = { handle, name: spec.name };
    this.active = active;
    handle.subscribe((e) => this.onEvent(active, e));
    output().info(resumed ? t('Resumed run {0}', handle.dir) : t('Started run {0}', handle.dir));
    output().info(t('Backend: {0}', handle.backend));
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.running, true);
    this.statusItem.tooltip = t('Hyperparameter search "{0}": open the results panel', spec.name);
    this.statusItem.show();
    for (const l of this.listeners) l.runStarted(handle);
    this.tellWorkers(active);

    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Hyperparameter search "{0}"', spec.name), cancellable: true },
      async (progress, token) => {
        this.progress = progress;
        progress.report({ increment: (100 * finishedCount(handle.state)) / handle.spec.search.trials, message: this.progressText(active) });
        const cancelled = token.onCancellationRequested(() => this.stop());
        try {
          await handle.done;
        } catch {
          // reported by finish()
        } finally {
          cancelled.dispose();
          this.progress = undefined;
        }
      },
    );
    handle.done.then(
      (summary) => this.finish(active, summary),
      (e) => this.finish(active, undefined, e),
    );
  }

  private finish(active: ActiveSearch, summary: RunSummary | undefined, error?: unknown): void {
    if (this.active === active) {
      this.active = undefined;
      this.statusItem.hide();
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.running, false);
    }
    for (const l of this.listeners) l.runEnded(active.handle.dir, summary);
    if (!summary) {
      output().error(t('The search failed: {0}', errorText(error)));
      void vscode.window.showErrorMessage(t('The search "{0}" failed: {1}', active.name, errorText(error)));
      return;
    }
    const best = summary.trials[0];
    const facts = [summary.seconds.toFixed(1), summary.backend, accuracyText(best?.valAcc), best?.trial ?? '—'] as const;
    output().info(summary.status === 'completed'
      ? t('Finished in {0} s on {1}: best val acc {2} (trial {3})', ...facts)
      : t('Stopped after {0} s on {1}: best val acc {2} (trial {3})', ...facts));
    if (summary.status !== 'completed') return;
    const open = t('Open results');
    void vscode.window
      .showInformationMessage(t('Search "{0}" finished: best val acc {1}.', active.name, accuracyText(best?.valAcc)), open)
      .then((answer) => answer === open && vscode.commands.executeCommand(COMMANDS.openPanel, summary.dir));
  }

  dispose(): void {
    // the window is closing or reloading: leave the run interrupted (Resume finishes it), not stopped
    this.active?.handle.detach();
    this.statusItem.dispose();
  }
}
