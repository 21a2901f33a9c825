// The "Runs" tree: runs newest first, each with its trials ranked by val acc. A run running in this
// window is shown from its session's live state; any other from the run store (the disk is the
// source of truth), following its log (only the lines added since the last read), throttled.
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { RunFollower, runDirs, type RunInfo } from '../core/runs/store';
import { finishedCount } from '../core/runs/state';
import type { RunHandle } from '../core/session';
import type { TrialRecord } from '../core/runs/events';
import { lastValAcc } from '../core/search/objective';
import { allRunsRoots } from './config';
import { COMMANDS, RUNS_VIEW } from './ids';
import { throttle } from './logic/timing';
import { t } from './l10n';
import {
  RUN_ICONS, TRIAL_ICONS, accuracyText, orderRuns, rankedChildren, runDescription, trialDescription, trialLabel, trialTooltip,
} from './logic/tree-model';

export interface RunNode {
  kind: 'run';
  run: RunInfo;
}
export interface TrialNode {
  kind: 'trial';
  run: RunInfo;
  rank: number;
  trial: TrialRecord;
}
export type RunsTreeNode = RunNode | TrialNode;

const REFRESH_MS = 1000;

export class RunsTree implements vscode.TreeDataProvider<RunsTreeNode> {
  private readonly changed = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Run nodes by folder: the same objects are handed back to the tree, so a change can name them. */
  private nodes = new Map<string, RunNode>();
  private loaded = false;
  private pendingDirs = new Set<string>();
  private readonly flushPending = throttle(REFRESH_MS, () => this.applyPending());
  /** Readers of the runs not running here, by folder: each keeps its place in the run's log. */
  private followers = new Map<string, RunFollower>();

  constructor(
    /** The session of a run that is running in this window, if `dir` is one. */
    private readonly liveRun: (dir: string) => RunHandle | undefined,
  ) {}

  /** Re-reads every run from the start (Refresh, another runs folder). */
  reload(): void {
    this.followers.clear();
    this.relist();
  }

  /** Lists the runs again; each known run is read only from where its last read stopped. */
  private relist(): void {
    this.loaded = false;
    this.changed.fire(undefined);
  }

  /** A run as it is now: from its live session, or what its log has gained since the last read. */
  private read(dir: string): RunInfo {
    const live = this.liveRun(dir);
    if (live) return live.info();
    let follower = this.followers.get(dir);
    if (!follower) this.followers.set(dir, (follower = new RunFollower(dir)));
    return follower.read();
  }

  /** A run's file was deleted (a run removed): list the runs again. */
  runsRemoved(): void {
    this.relist();
  }

  /** A run's files changed: re-read it soon (at most once a second). */
  runChanged(dir: string): void {
    this.pendingDirs.add(dir);
    this.flushPending();
  }

  private applyPending(): void {
    const dirs = [...this.pendingDirs];
    this.pendingDirs.clear();
    if (!this.loaded || dirs.some((d) => !this.nodes.has(d))) return this.relist();
    for (const dir of dirs) {
      const node = this.nodes.get(dir)!;
      try {
        node.run = this.read(dir);
        this.changed.fire(node);
      } catch {
        this.relist(); // deleted meanwhile
        return;
      }
    }
  }

  /** Every run, with the changes still waiting for the throttle applied (commands must not act on a stale list). */
  runs(): RunInfo[] {
    this.settle();
    return [...this.nodes.values()].map((n) => n.run);
  }

  run(dir: string): RunInfo | undefined {
    this.settle();
    return this.nodes.get(dir)?.run;
  }

  private settle(): void {
    if (this.pendingDirs.size > 0) this.applyPending();
    this.ensureLoaded();
  }

  private ensureLoaded(): void {
    if (this.loaded) return;
    const runs = orderRuns(allRunsRoots().flatMap((root) => runDirs(root)).flatMap((dir) => {
      try {
        return [this.read(dir)];
      } catch {
        return []; // not a run (or unreadable): not ours to show
      }
    }));
    this.nodes = new Map(runs.map((run) => [run.dir, this.nodes.get(run.dir) ?? { kind: 'run', run }]));
    for (const dir of this.followers.keys()) if (!this.nodes.has(dir)) this.followers.delete(dir);
    for (const run of runs) this.nodes.get(run.dir)!.run = run;
    this.loaded = true;
  }

  getChildren(node?: RunsTreeNode): RunsTreeNode[] {
    if (!node) {
      this.ensureLoaded();
      return [...this.nodes.values()];
    }
    if (node.kind === 'trial') return [];
    return rankedChildren(node.run.trials).map(({ rank, trial }) => ({ kind: 'trial', run: node.run, rank, trial }));
  }

  getParent(node: RunsTreeNode): RunsTreeNode | undefined {
    return node.kind === 'trial' ? this.nodes.get(node.run.dir) : undefined;
  }

  /** The node of a trial, for reveal(). */
  trialNode(dir: string, trial: number): TrialNode | undefined {
    const run = this.run(dir);
    const found = run && rankedChildren(run.trials).find((c) => c.trial.trial === trial);
    return found && run ? { kind: 'trial', run, rank: found.rank, trial: found.trial } : undefined;
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    return node.kind === 'run' ? this.runItem(node.run) : this.trialItem(node);
  }

  private runItem(run: RunInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = run.dir;
    item.description = runDescription(run, t);
    item.iconPath = new vscode.ThemeIcon(RUN_ICONS[run.status]);
    item.contextValue = `run.${run.status}`;
    item.resourceUri = vscode.Uri.file(run.dir);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(t('{0} of {1} trials finished', finishedCount(run.state), run.spec.search.trials));
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(run.dir);
    if (run.meta.backendNote) tooltip.appendMarkdown('\n\n').appendText(run.meta.backendNote);
    if (run.skippedLines > 0) tooltip.appendMarkdown('\n\n').appendText(t('{0} unreadable lines skipped', run.skippedLines));
    item.tooltip = tooltip;
    return item;
  }

  private trialItem({ run, rank, trial }: TrialNode): vscode.TreeItem {
    const item = new vscode.TreeItem(trialLabel(rank, trial), vscode.TreeItemCollapsibleState.None);
    item.id = `${run.dir}#${trial.trial}`;
    item.description = trialDescription(trial, Object.keys(run.spec.search.params));
    item.iconPath = new vscode.ThemeIcon(TRIAL_ICONS[trial.status]);
    item.contextValue = `trial.${trial.status}`;
    item.tooltip = new vscode.MarkdownString(trialTooltip(trial, run.spec.training.epochs, t));
    item.accessibilityInformation = { label: t('Rank {0}, trial {1}, val acc {2}, {3}', rank, trial.trial, accuracyText(lastValAcc(trial)), String(item.description)) };
    item.command = { command: COMMANDS.focusTrial, title: t('Show in panel'), arguments: [run.dir, trial.trial] };
    return item;
  }

  dispose(): void {
    this.flushPending.dispose();
    this.changed.dispose();
  }
}

/** Creates the tree view and watches every runs root, so runs started elsewhere (the CLI) show too. */
export function registerRunsTree(tree: RunsTree): { view: vscode.TreeView<RunsTreeNode>; disposables: vscode.Disposable[] } {
  const view = vscode.window.createTreeView(RUNS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const disposables: vscode.Disposable[] = [view, tree];
  let watchers: vscode.Disposable[] = [];
  const watch = () => {
    watchers.forEach((w) => w.dispose());
    watchers = allRunsRoots().map((root) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '*/{run.json,trials.jsonl,spec.json}'));
      const onFile = (uri: vscode.Uri) => tree.runChanged(dirname(uri.fsPath));
      watcher.onDidCreate(onFile);
      watcher.onDidChange(onFile);
      watcher.onDidDelete(() => tree.runsRemoved());
      return watcher;
    });
  };
  watch();
  disposables.push(
    { dispose: () => watchers.forEach((w) => w.dispose()) },
    vscode.workspace.onDidChangeWorkspaceFolders(() => { watch(); tree.reload(); }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('hparamLab.runsFolder')) { watch(); tree.reload(); }
    }),
  );
  return { view, disposables };
}
