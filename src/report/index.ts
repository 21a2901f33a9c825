// writeReport(runDir): <run>/report.html (or `out`) with best-20.svg and best-20.png beside it.
// What the CLI's `hparam-lab report` and the extension's Open Report both call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { panelRun } from '../panel/run-view';
import { panelRounds } from '../panel/rounds';
import { writeFileAtomic } from '../core/runs/store';
import { readReportData, ROUNDS_TOP, type ReportData } from './data';
import { best20Spec, BEST_COUNT } from './best20';
import { importanceSpec, scatterSpec } from './scatter';
import { reportFindings } from './findings';
import { reportHtml, type ReportFigures } from './html';
import { renderPng, renderSvg } from './render';
import { reportStrings, type ReportLocale } from './strings';

export const REPORT_FILE = 'report.html';
export const BEST20_SVG = 'best-20.svg';
export const BEST20_PNG = 'best-20.png';

export interface ReportFiles {
  html: string;
  svg?: string;
  /** Absent when there is no Best-20 figure, or the rasteriser could not load. */
  png?: string;
}

export async function reportFigures(data: ReportData, locale: ReportLocale): Promise<ReportFigures> {
  const s = reportStrings(locale);
  const searched = Object.keys(data.run.spec.search.params);
  const figures: ReportFigures = {};
  const cells = data.ranked.slice(0, BEST_COUNT).map((trial, i) => ({ rank: i + 1, trial }));
  if (cells.length > 0) figures.best20 = await renderSvg(best20Spec(cells, searched, data.run.spec.training.epochs, { valAcc: s.valAcc, trainAcc: s.trainAcc }));
  if (data.ranked.length > 0 && searched.length > 0) {
    const importance = Object.keys(data.importance).length > 0 ? data.importance : undefined;
    const rounds = panelRounds(data.run, ROUNDS_TOP)?.rounds;
    figures.scatter = await renderSvg(scatterSpec(panelRun(data.run), data.run.trials, importance, s.valAcc, rounds));
  }
  if (Object.keys(data.importance).length > 0) figures.importance = await renderSvg(importanceSpec(data.importance, s.share));
  return figures;
}

export async function writeReport(runDir: string, options: { out?: string; locale: ReportLocale; now?: Date }): Promise<ReportFiles> {
  const data = readReportData(runDir);
  const html = resolve(options.out ?? join(data.run.dir, REPORT_FILE));
  const folder = dirname(html);
  mkdirSync(folder, { recursive: true });
  const figures = await reportFigures(data, options.locale);
  const files: ReportFiles = { html };
  if (figures.best20) {
    files.svg = join(folder, BEST20_SVG);
    writeFileAtomic(files.svg, figures.best20);
    const png = await renderPng(figures.best20);
    if (png) writeFileSync((files.png = join(folder, BEST20_PNG)), png);
  }
  const figureFiles = [files.svg, files.png].filter((f): f is string => f !== undefined).map((f) => f.slice(folder.length + 1));
  const page = reportHtml({
    data, figures, findings: reportFindings(data, options.locale), strings: reportStrings(options.locale),
    locale: options.locale, written: options.now ?? new Date(), figureFiles, pngMissing: figures.best20 !== undefined && files.png === undefined,
  });
  writeFileAtomic(html, page);
  return files;
}
