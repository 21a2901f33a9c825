// Running a search: a session over an executor (see executor.ts for how to add one).
export { startRun, resumeRun, type RunOptions, type ResumeOptions } from './start';
export { trialSeed, type RunHandle, type RunSummary } from './session';
export type { ExecutorFactory, ExecutorHost, ExecutorReady, ExecutorSettings, TrialExecutor, TrialJob, TrialOutcome } from './executor';
