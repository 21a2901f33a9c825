// The extension's translator: vscode.l10n.t behind the Translate type the pure logic takes.
import * as vscode from 'vscode';
import type { Translate } from '../core/translate';

export const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
