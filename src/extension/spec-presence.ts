// The context key behind the tree's welcome content: does the workspace have a search.json?
import * as vscode from 'vscode';
import { CONTEXT_KEYS, SPEC_GLOB } from './ids';
import { findSpecFiles } from './pick';

export function registerSpecPresence(): vscode.Disposable[] {
  const update = async () => {
    const found = (await findSpecFiles(1)).length > 0;
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasSearchSpec, found);
  };
  void update();
  const watcher = vscode.workspace.createFileSystemWatcher(SPEC_GLOB, false, true, false);
  return [watcher, watcher.onDidCreate(update), watcher.onDidDelete(update), vscode.workspace.onDidChangeWorkspaceFolders(update)];
}
