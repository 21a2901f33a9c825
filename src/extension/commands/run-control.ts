// Run search, Stop, Resume.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Lab } from '../lab';
import { pickRun, pickSpecFile } from '../pick';
import { runStatusText } from '../logic/tree-model';
import { t } from '../l10n';

export function registerRunControl(lab: Lab): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.runSearch, async (arg?: unknown) => {
      const spec = await pickSpecFile(arg);
      if (spec) await lab.searches.start(spec);
    }),
    vscode.commands.registerCommand(COMMANDS.stop, () => {
      if (lab.searches.runningDir) lab.searches.stop();
      else void vscode.window.showInformationMessage(t('No search is running.'));
    }),
    vscode.commands.registerCommand(COMMANDS.resume, async (arg?: unknown) => {
      const run = await pickRun(lab, arg, t('Resume which run?'), ['cancelled', 'interrupted']);
      if (!run) return;
      if (run.status === 'completed' || run.status === 'running') {
        void vscode.window.showInformationMessage(t('Run "{0}" is {1}: nothing to resume.', run.name, runStatusText(run.status, t)));
        return;
      }
      await lab.searches.resume(run.dir);
    }),
  ];
}
