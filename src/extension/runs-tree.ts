// The "Runs" tree: runs newest first, each with its trials ranked by val acc. A run running in this
// window is shown from its session's live state; any other from the run store (the disk is the
// source of truth), following its log (only the lines added since the last read), throttled.
// At 10,000 trials a run shows its ranked top 100 and a "Show more" row; when the panel's brushes
// filter the trials, only those kept are listed (with a row that clears the filter).
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { RunFollower, runDirs, type RunInfo } from '../core/runs/store';
import { NOTES_FILE, emptyNotes, readNotes, type RunNotes } from '../core/runs/notes';
import { finishedCount } from '../core/runs/state';
import type { RunHandle } from '../core/session';
import type { TrialRecord } from '../core/runs/events';
import { lastValAcc } from '../core/search/objective';
import { allRunsRoots } from './config';
import { COMMANDS, RUNS_VIEW } from './ids';
import { errorText, output } from './output';
import { throttle } from './logic/timing';
import { t } from './l10n';
import {
  NOTE_MARKER, RUN_ICONS, TREE_PAGE, TRIAL_ICONS, accuracyText, filterDescription, noteMarkdown, orderRuns, rankedChildren, runDescription,
  trialDescription, trialLabel, trialTooltip, visibleChildren,
} from './logic/tree-model';
import { groupRounds, roundDescription, roundLabel } from './logic/round-groups';
import { readTestReport } from '../core/runs/test-report';

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
/** "Show N more…": the next page of a run's ranked trials. */
export interface MoreNode {
  kind: 'more';
  run: RunInfo;
  count: number;
}
/** "Clear panel filter": shown first under a run the panel's brushes filter. */
export interface ClearFilterNode {
  kind: 'clearFilter';
  run: RunInfo;
}
/** "Round 2": a multi-round search's runs of one round (logic/round-groups.ts). */
export interface RoundNode {
  kind: 'round';
  key: string;
  round: number;
  runs: RunNode[];
}
export type RunsTreeNode = RunNode | TrialNode | MoreNode | ClearFilterNode | RoundNode;

const REFRESH_MS = 1000;

export class RunsTree implements vscode.TreeDataProvider<RunsTreeNode> {
  private readonly changed = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Run nodes by folder: the same objects are handed back to the tree, so a change can name them. */
  private nodes = new Map<string, RunNode>();
  /** The round rows of the top level, by key, and the round row each grouped run lies under. */
  private roundNodes = new Map<string, RoundNode>();
  private roundOfRun = new Map<string, RoundNode>();
  private loaded = false;
  private pendingDirs = new Set<string>();
  private readonly flushPending = throttle(REFRESH_MS, () => this.applyPending());
  /** Readers of the runs not running here, by folder: each keeps its place in the run's log. */
  private followers = new Map<string, RunFollower>();
  /** How many ranked trials each run shows (TREE_PAGE until "Show more"), by folder. */
  private limits = new Map<string, number>();
  /** The trials the panel's brushes keep, by run folder (none: not filtered). */
  private readonly filters = new Map<string, ReadonlySet<number>>();
  /** Each run's notes.json as last read, by folder. */
  private notes = new Map<string, RunNotes>();

  constructor(
    /** The session of a run that is running in this window, if `dir` is one. */
    private readonly liveRun: (dir: string) => RunHandle | undefined,
  ) {}

  /** Re-reads every run from the start (Refresh, another runs folder). */
  reload(): void {
    this.followers.clear();
    this.limits.clear();
    this.notes.clear();
    this.relist();
  }

  /** The notes of a run, read once and again after notesChanged (a damaged file shows none, said once). */
  notesOf(dir: string): RunNotes {
    let notes = this.notes.get(dir);
    if (!notes) {
      try {
        notes = readNotes(dir);
      } catch (e) {
        output().warn(errorText(e));
        notes = emptyNotes();
      }
      this.notes.set(dir, notes);
    }
    return notes;
  }

  /** A run's notes.json changed (written here or elsewhere): read it again, redraw the run. */
  notesChanged(dir: string): void {
    this.notes.delete(dir);
    const node = this.nodes.get(dir);
    if (node) this.changed.fire(node);
  }

  /** The panel's brushes keep `trials` of the run (null: no filter). */
  setFilter(dir: string, trials: readonly number[] | null): void {
    if (trials === null && !this.filters.has(dir)) return;
    if (trials === null) this.filters.delete(dir);
    else this.filters.set(dir, new Set(trials));
    const node = this.nodes.get(dir);
    if (node) this.changed.fire(node);
  }

  filterOf(dir: string): ReadonlySet<number> | undefined {
    return this.filters.get(dir);
  }

  /** "Show more" under a run: the next TREE_PAGE trials. */
  showMore(dir: string): void {
    this.limits.set(dir, this.limitOf(dir) + TREE_PAGE);
    const node = this.nodes.get(dir);
    if (node) this.changed.fire(node);
  }

  private limitOf(dir: string): number {
    return this.limits.get(dir) ?? TREE_PAGE;
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
      return this.topLevel();
    }
    if (node.kind === 'round') return node.runs;
    if (node.kind !== 'run') return [];
    const run = node.run;
    const filter = this.filters.get(run.dir);
    const { shown, hidden } = visibleChildren(run.trials, this.limitOf(run.dir), filter);
    const children: RunsTreeNode[] = shown.map(({ rank, trial }) => ({ kind: 'trial', run, rank, trial }));
    if (filter) children.unshift({ kind: 'clearFilter', run });
    if (hidden > 0) children.push({ kind: 'more', run, count: Math.min(hidden, TREE_PAGE) });
    return children;
  }

  /** The runs, with those of a multi-round search under their round's row (the same row objects
   * as last time, so that the tree keeps them expanded). */
  private topLevel(): RunsTreeNode[] {
    const roundNodes = new Map<string, RoundNode>();
    this.roundOfRun.clear();
    const top = groupRounds([...this.nodes.values()].map((n) => n.run)).map((entry): RunsTreeNode => {
      if (entry.kind === 'run') return this.nodes.get(entry.run.dir)!;
      const { key, round, runs } = entry.group;
      const node = this.roundNodes.get(key) ?? { kind: 'round', key, round, runs: [] };
      node.runs = runs.map((run) => this.nodes.get(run.dir)!);
      for (const run of runs) this.roundOfRun.set(run.dir, node);
      roundNodes.set(key, node);
      return node;
    });
    this.roundNodes = roundNodes;
    return top;
  }

  getParent(node: RunsTreeNode): RunsTreeNode | undefined {
    if (node.kind === 'round') return undefined;
    if (node.kind === 'run') return this.roundOfRun.get(node.run.dir);
    return this.nodes.get(node.run.dir);
  }

  /** The node of a trial, for reveal(): a trial beyond the shown pages gets its page shown; one the
   * panel's filter hides has none. */
  trialNode(dir: string, trial: number): TrialNode | undefined {
    const run = this.run(dir);
    const filter = this.filters.get(dir);
    if (!run || (filter && !filter.has(trial))) return undefined;
    const ranked = rankedChildren(run.trials);
    const found = ranked.find((c) => c.trial.trial === trial);
    if (!found) return undefined;
    const position = filter ? ranked.filter((c) => filter.has(c.trial.trial)).indexOf(found) + 1 : found.rank;
    if (position > this.limitOf(dir)) {
      this.limits.set(dir, Math.ceil(position / TREE_PAGE) * TREE_PAGE);
      this.changed.fire(this.nodes.get(dir));
    }
    return { kind: 'trial', run, rank: found.rank, trial: found.trial };
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'run': return this.runItem(node.run);
      case 'trial': return this.trialItem(node);
      case 'more': return this.moreItem(node);
      case 'clearFilter': return this.clearFilterItem(node.run);
      case 'round': return this.roundItem(node);
    }
  }

  private roundItem(node: RoundNode): vscode.TreeItem {
    const item = new vscode.TreeItem(roundLabel(node.round, t), vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.key;
    item.description = roundDescription({ ...node, runs: node.runs.map((n) => n.run) }, t);
    item.iconPath = new vscode.ThemeIcon('layers');
    item.contextValue = 'round';
    return item;
  }

  private moreItem({ run, count }: MoreNode): vscode.TreeItem {
    const item = new vscode.TreeItem(t('Show {0} more…', count), vscode.TreeItemCollapsibleState.None);
    item.id = `${run.dir}#more`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'more';
    item.command = { command: COMMANDS.showMoreTrials, title: t('Show more'), arguments: [run.dir] };
    return item;
  }

  private clearFilterItem(run: RunInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(t('Clear panel filter'), vscode.TreeItemCollapsibleState.None);
    item.id = `${run.dir}#clear-filter`;
    item.iconPath = new vscode.ThemeIcon('clear-all');
    item.contextValue = 'clearFilter';
    item.command = { command: COMMANDS.clearPanelFilter, title: t('Clear panel filter'), arguments: [run.dir] };
    return item;
  }

  private runItem(run: RunInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = run.dir;
    const note = this.notesOf(run.dir).run;
    const filter = this.filters.get(run.dir);
    const description = [runDescription(run, t)];
    if (filter) description.push(filterDescription(run.trials.filter((r) => filter.has(r.trial)).length, run.trials.length, t));
    item.description = (note ? `${NOTE_MARKER} ` : '') + description.join(' · ');
    item.iconPath = new vscode.ThemeIcon(RUN_ICONS[run.status]);
    item.contextValue = `run.${run.status}`;
    item.resourceUri = vscode.Uri.file(run.dir);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(t('{0} of {1} trials finished', finishedCount(run.state), run.spec.search.trials));
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(run.dir);
    if (run.meta.backendNote) tooltip.appendMarkdown('\n\n').appendText(run.meta.backendNote);
    if (run.skippedLines > 0) tooltip.appendMarkdown('\n\n').appendText(t('{0} unreadable lines skipped', run.skippedLines));
    if (note) tooltip.appendMarkdown('\n\n').appendMarkdown(noteMarkdown(note, t));
    item.tooltip = tooltip;
    return item;
  }

  private trialItem({ run, rank, trial }: TrialNode): vscode.TreeItem {
    const item = new vscode.TreeItem(trialLabel(rank, trial), vscode.TreeItemCollapsibleState.None);
    item.id = `${run.dir}#${trial.trial}`;
    const note = this.notesOf(run.dir).trials[trial.trial];
    item.description = (note ? `${NOTE_MARKER} ` : '') + trialDescription(trial, Object.keys(run.spec.search.params));
    item.iconPath = new vscode.ThemeIcon(TRIAL_ICONS[trial.status]);
    item.contextValue = `trial.${trial.status}`;
    const testAcc = readTestReport(run.dir)?.trials.find((s) => s.trial === trial.trial)?.testAcc;
    item.tooltip = new vscode.MarkdownString(trialTooltip(trial, run.spec.training.epochs, t, note, testAcc));
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
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), `*/{run.json,trials.jsonl,spec.json,${NOTES_FILE}}`));
      const onFile = (uri: vscode.Uri) =>
        uri.fsPath.endsWith(NOTES_FILE) ? tree.notesChanged(dirname(uri.fsPath)) : tree.runChanged(dirname(uri.fsPath));
      watcher.onDidCreate(onFile);
      watcher.onDidChange(onFile);
      watcher.onDidDelete((uri) => (uri.fsPath.endsWith(NOTES_FILE) ? tree.notesChanged(dirname(uri.fsPath)) : tree.runsRemoved()));
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
