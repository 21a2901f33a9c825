// The findings in words (src/core/search/findings.ts) for the report: its sentences, in the
// report's language, from the same importance the report draws.
import { runFindings } from '../core/search/findings';
import type { ReportData } from './data';
import type { ReportLocale } from './strings';

export function reportFindings(data: ReportData, locale: ReportLocale): string[] {
  return runFindings(data.run.trials, data.run.spec.search.params, data.importance, locale).sentences;
}
