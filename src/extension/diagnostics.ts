// Problems of a search.json while it is typed, ~300 ms after the last keystroke: the spec loader's
// errors at their ranges, its data checks included (cached per data folder, so typing re-reads nothing).
import * as vscode from 'vscode';
import { loadSpec } from '../core/load-spec';
import { dataOutsideWorkspace } from '../core/data/containment';
import type { DataSpec } from '../core/spec/types';
import { DIAGNOSTIC_SOURCE } from './ids';
import { Debouncer } from './logic/timing';
import { isSpecFileName, issueRange, issueSeverity, type IssueSeverity, type SpecIssue } from './logic/spec-file';

const TYPING_PAUSE_MS = 300;

const SEVERITY: Record<IssueSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export const isSpecDocument = (d: vscode.TextDocument) => d.uri.scheme !== 'git' && isSpecFileName(d.uri.path);

export function toDiagnostic(issue: SpecIssue): vscode.Diagnostic {
  const r = issueRange(issue);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter), issue.message, SEVERITY[issueSeverity(issue)]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}

/** The issues of a document (shared with the CodeLens, which shows only on a valid spec). Data
 * outside the workspace is checked only once the user has agreed to read it (Run Search asks). */
export function specIssues(document: vscode.TextDocument): SpecIssue[] {
  const path = document.uri.fsPath;
  return loadSpec(path, { text: document.getText(), mayReadData: (source) => dataInsideWorkspace(source, path) }).errors;
}

export function dataInsideWorkspace(source: DataSpec['source'], specPath: string): boolean {
  return dataOutsideWorkspace(source, specPath, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)) === undefined;
}

export function registerDiagnostics(): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const documents = new Map<string, vscode.TextDocument>();
  const check = (document: vscode.TextDocument) => collection.set(document.uri, specIssues(document).map(toDiagnostic));
  const debouncer = new Debouncer<string>(TYPING_PAUSE_MS, (key) => {
    const document = documents.get(key);
    if (document && !document.isClosed) check(document);
  });
  const watch = (document: vscode.TextDocument) => {
    if (!isSpecDocument(document)) return;
    documents.set(document.uri.toString(), document);
    debouncer.call(document.uri.toString());
  };
  vscode.workspace.textDocuments.forEach(watch);
  return [
    collection,
    { dispose: () => debouncer.dispose() },
    vscode.workspace.onDidOpenTextDocument(watch),
    vscode.workspace.onDidChangeTextDocument((e) => watch(e.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      debouncer.cancel(key);
      documents.delete(key);
      collection.delete(document.uri);
    }),
  ];
}
