// activate() is a list of registrations; each feature lives in its own file.
import * as vscode from 'vscode';
import { registerCodeLenses } from './codelens';
import { registerNarrow } from './commands/narrow';
import { registerNewSearch } from './commands/new-search';
import { registerNotes } from './commands/notes';
import { registerPanelCommands, revealTrial } from './commands/panel-commands';
import { registerRunControl } from './commands/run-control';
import { registerRunFiles } from './commands/run-files';
import { registerReport } from './commands/report';
import { registerEvaluateTest } from './commands/evaluate-test';
import { registerDiagnostics } from './diagnostics';
import type { Lab } from './lab';
import { registerOutput } from './output';
import { ResultsPanel, registerPanelSerializer } from './panel';
import { RunsTree, registerRunsTree } from './runs-tree';
import { Searches } from './searches';
import { registerSpecPresence } from './spec-presence';

export function activate(context: vscode.ExtensionContext): void {
  // the tree and the panel show a run that runs here from its session, not from the disk
  const liveRun = (dir: string) => searches.live(dir);
  const tree = new RunsTree(liveRun);
  const { view: treeView, disposables: treeDisposables } = registerRunsTree(tree);
  const panel = new ResultsPanel(context, (dir, trial) => revealTrial(tree, treeView, dir, trial), liveRun);
  const searches = new Searches([
    { runStarted: (run) => tree.runChanged(run.dir), runEvent: (dir) => tree.runChanged(dir), runEnded: (dir) => tree.runChanged(dir) },
    panel,
  ]);
  const lab: Lab = { context, tree, treeView, searches, panel };

  context.subscriptions.push(
    registerOutput(),
    ...treeDisposables,
    panel,
    searches,
    registerPanelSerializer(panel),
    ...registerDiagnostics(),
    ...registerCodeLenses(),
    ...registerSpecPresence(),
    ...registerNewSearch(lab),
    ...registerRunControl(lab),
    ...registerPanelCommands(lab),
    ...registerNarrow(lab),
    ...registerRunFiles(lab),
    ...registerReport(lab),
    ...registerEvaluateTest(lab),
    ...registerNotes(lab),
  );
}

export function deactivate(): void {
  // subscriptions dispose everything; a running search is cancelled by Searches.dispose
}
