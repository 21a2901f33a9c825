// The "Hyperparameter Lab" output channel: backend used, notes, errors.
import * as vscode from 'vscode';
import { FuseRefusedError, fuseRefusalMessage } from '../core/session/fuse-refusal';
import { QueueUrlError } from '../queue/redis-url';
import { problemInWords } from '../queue/words';
import { OUTPUT_CHANNEL } from './ids';
import { t } from './l10n';

let channel: vscode.LogOutputChannel | undefined;

export function output(): vscode.LogOutputChannel {
  return (channel ??= vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true }));
}

export function registerOutput(): vscode.Disposable {
  return { dispose: () => { channel?.dispose(); channel = undefined; } };
}

/** An error in the user's language where its facts allow (a refused population, a bad queue URL), else as it is. */
export const errorText = (e: unknown): string =>
  e instanceof FuseRefusedError ? fuseRefusalMessage(e.refusal, t)
  : e instanceof QueueUrlError ? problemInWords(e.problem, t)
  : e instanceof Error ? e.message : String(e);
