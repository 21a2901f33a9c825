// "▶ Run search" and "Open results" above the root object of a valid search.json.
import * as vscode from 'vscode';
import { COMMANDS } from './ids';
import { codeLensLine, lensesApply } from './logic/spec-file';
import { isSpecDocument, specIssues } from './diagnostics';
import { t } from './l10n';

export const specCodeLenses: vscode.CodeLensProvider = {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isSpecDocument(document)) return [];
    const text = document.getText();
    const line = codeLensLine(text);
    if (line === undefined || !lensesApply(specIssues(document))) return [];
    const range = new vscode.Range(line, 0, line, 0);
    return [
      new vscode.CodeLens(range, { title: t('▶ Run search'), command: COMMANDS.runSearch, arguments: [document.uri] }),
      new vscode.CodeLens(range, { title: t('Open results'), command: COMMANDS.openPanel, arguments: [document.uri] }),
    ];
  },
};

export function registerCodeLenses(): vscode.Disposable[] {
  const selector: vscode.DocumentSelector = [
    { language: 'json', pattern: '**/{search.json,*.search.json}' },
    { language: 'jsonc', pattern: '**/{search.json,*.search.json}' },
  ];
  return [vscode.languages.registerCodeLensProvider(selector, specCodeLenses)];
}
