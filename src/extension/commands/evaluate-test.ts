// Evaluate Best Trials on Test Data: scores a run's kept weights on the test set (core/runs/
// test-scores.ts) with a progress notification; the tree's trial tooltips then show test acc beside
// val acc (from the run's test.json). Test data reports; it never chooses (§6.5.1).
import * as vscode from 'vscode';
import type { TestReport } from '../../core/runs/test-report';
import { runTaskThread } from '../task-thread';
import { COMMANDS } from '../ids';
import type { Lab } from '../lab';
import { pickRun } from '../pick';
import { errorText } from '../output';
import { t } from '../l10n';

async function evaluateTest(lab: Lab, arg?: unknown): Promise<void> {
  const run = await pickRun(lab, arg, t('Evaluate which run on test data?'));
  if (!run) return;
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Scoring the kept weights of "{0}" on test data', run.name) },
      (progress) => {
        let last = 0;
        // in a thread of its own (dist/test-set-worker.js): the host's bundle carries no training code
        return runTaskThread<TestReport>('test-set-worker.js', run.dir, (done, total) => {
          progress.report({ increment: ((done - last) / total) * 100, message: `${done}/${total}` });
          last = done;
        });
      },
    );
    lab.tree.runChanged(run.dir); // the trial tooltips read test.json
    const best = report.trials[0];
    void vscode.window.showInformationMessage(
      t('Test acc of {0} kept trials ({1} test images): the best by val acc has val acc {2}, test acc {3}. Test data only reports; val acc chooses.', report.trials.length, report.data.images, best?.valAcc?.toFixed(2) ?? '—', best?.testAcc.toFixed(4) ?? '—'),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(t('Could not evaluate on test data: {0}', errorText(e)));
  }
}

export function registerEvaluateTest(lab: Lab): vscode.Disposable[] {
  return [vscode.commands.registerCommand(COMMANDS.evaluateTest, (arg?: unknown) => evaluateTest(lab, arg))];
}
