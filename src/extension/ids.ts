// Stable identifiers of everything the extension contributes. End-to-end tests and keybindings
// depend on these: change them only together with package.json and the tests.
//
// Commands (palette category "Hyperparameter Lab"; titles in package.nls.json):
//   hparamLab.newSearch      New search.json…            arg: example name (e.g. "book-6.5"), optional
//   hparamLab.runSearch      Run search                   arg: Uri of a search.json, optional
//   hparamLab.stop           Stop search
//   hparamLab.resume         Resume run                   arg: run tree item, optional
//   hparamLab.openPanel      Open results panel           arg: Uri of a search.json or run tree item, optional
//   hparamLab.narrowRanges   Narrow ranges from the top K trials   arg: run tree item or Uri, optional
//   hparamLab.export         Export results (CSV, JSON)   arg: run tree item, optional
//   hparamLab.openReport     Open Report (writes <run>/report.html, shows it)   arg: run tree item, optional
//   hparamLab.evaluateTest   Evaluate Best Trials on Test Data (writes <run>/test.json)   arg: run tree item, optional
//   hparamLab.deleteRun      Delete run                   arg: run tree item, optional
//   hparamLab.copyParams     Copy params as JSON          arg: trial tree item
//   hparamLab.focusTrial     (tree click) focus a trial in the panel   args: run dir, trial number
//   hparamLab.refresh        Refresh runs
//   hparamLab.editNote       Add Note… (edits: prefilled, empty removes)   arg: run or trial tree item, optional
//   hparamLab.showMoreTrials (tree row "Show 100 more…")   arg: run dir
//   hparamLab.clearPanelFilter  Clear Panel Filter      arg: run dir or run tree item, optional
// View container (activity bar): hparamLab   title "Hyperparameter Lab"
// Tree view: hparamLab.runs   title "Runs" (accessible name of the tree)
//   run rows:   label = run name, description = "date · status · best 0.81", contextValue = run.<status>
//   trial rows: label = "#rank  0.84", description = "lr 9.4e-3 · wd 2.8e-6", contextValue = trial.<status>
//   a note adds "✎ " before a row's description; "Show 100 more…" rows: contextValue = more;
//   "Clear panel filter" row (first under a run the panel filters): contextValue = clearFilter
// Webview panel view type: hparamLab.panel   title "Hyperparameter Lab — <run name>"
// Status bar item id: hparamLab.status   text "$(beaker) 12/100 · best 0.81", click = hparamLab.openPanel
// Output channel: "Hyperparameter Lab"
// Context keys: hparamLab.hasSearchSpec (a search.json exists), hparamLab.running (a search runs)

export const COMMANDS = {
  newSearch: 'hparamLab.newSearch',
  runSearch: 'hparamLab.runSearch',
  stop: 'hparamLab.stop',
  resume: 'hparamLab.resume',
  openPanel: 'hparamLab.openPanel',
  narrowRanges: 'hparamLab.narrowRanges',
  export: 'hparamLab.export',
  openReport: 'hparamLab.openReport',
  evaluateTest: 'hparamLab.evaluateTest',
  deleteRun: 'hparamLab.deleteRun',
  copyParams: 'hparamLab.copyParams',
  focusTrial: 'hparamLab.focusTrial',
  refresh: 'hparamLab.refresh',
  editNote: 'hparamLab.editNote',
  showMoreTrials: 'hparamLab.showMoreTrials',
  clearPanelFilter: 'hparamLab.clearPanelFilter',
} as const;

export const VIEW_CONTAINER = 'hparamLab';
export const RUNS_VIEW = 'hparamLab.runs';
export const PANEL_VIEW_TYPE = 'hparamLab.panel';
export const STATUS_ITEM = 'hparamLab.status';
export const OUTPUT_CHANNEL = 'Hyperparameter Lab';
export const DIAGNOSTIC_SOURCE = 'hparam-lab';

export const CONTEXT_KEYS = {
  hasSearchSpec: 'hparamLab.hasSearchSpec',
  running: 'hparamLab.running',
} as const;

/** Settings under "hparamLab." */
export const SETTINGS = {
  section: 'hparamLab',
  runsFolder: 'runsFolder',
  narrowMargin: 'narrowMargin',
  bestN: 'bestN',
  workers: 'workers',
  backend: 'backend',
  queue: 'queue',
} as const;

/** Files treated as search specs (the same patterns as contributes.jsonValidation). */
export const SPEC_GLOB = '**/{search.json,*.search.json}';
