// The "Hyperparameter Lab" output channel: backend used, notes, errors.
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL } from './ids';

let channel: vscode.LogOutputChannel | undefined;

export function output(): vscode.LogOutputChannel {
  return (channel ??= vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true }));
}

export function registerOutput(): vscode.Disposable {
  return { dispose: () => { channel?.dispose(); channel = undefined; } };
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
