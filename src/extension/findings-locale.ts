// The language of the findings' sentences in the extension: VS Code's display language.
import * as vscode from 'vscode';
import type { FindingsLocale } from '../core/search/findings';

export const findingsLocale = (): FindingsLocale => (vscode.env.language.toLowerCase().startsWith('ja') ? 'ja' : 'en');
