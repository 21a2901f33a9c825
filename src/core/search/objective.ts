// What a trial scored, read the way the book reads it: the last recorded validation accuracy,
// not the best one.
import type { EpochPoint, TrialRecord } from '../runs/events';

/** The final val acc (the end event's), else the last curve point's; undefined when none is finite. */
export function lastValAcc(record: TrialRecord): number | undefined {
  const value = record.valAcc ?? record.curve.at(-1)?.valAcc;
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The curve point of a 1-based epoch, if the trial reached it. */
export function pointAt(record: TrialRecord, epoch: number): EpochPoint | undefined {
  return record.curve.find((point) => point.epoch === epoch);
}

/** The val acc recorded at a 1-based epoch, if the trial reached it. */
export function valAccAt(record: TrialRecord, epoch: number): number | undefined {
  return pointAt(record, epoch)?.valAcc;
}
