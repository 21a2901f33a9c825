// The services every command uses, created once in activate().
import type * as vscode from 'vscode';
import type { ResultsPanel } from './panel';
import type { RunsTree, RunsTreeNode } from './runs-tree';
import type { Searches } from './searches';

export interface Lab {
  context: vscode.ExtensionContext;
  tree: RunsTree;
  treeView: vscode.TreeView<RunsTreeNode>;
  searches: Searches;
  panel: ResultsPanel;
}
