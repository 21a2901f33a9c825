// The report page: one self-contained HTML file. The figures are inline SVG, the style is one
// <style> element, and there is no script and no URL: the page's own CSP (default-src 'none')
// forbids loading anything, so it reads the same from a file, a mail attachment or a webview.
import { basename } from 'node:path';
import { distributionText } from '../core/search/narrow-edit';
import type { ReportData } from './data';
import { bookOrder, paramLabel, valueText } from './labels';
import { fill, type ReportLocale, type ReportStrings } from './strings';
import { REPORT_FONT, REPORT_THEME } from './theme';

export interface ReportFigures {
  best20?: string;
  scatter?: string;
  importance?: string;
}

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** An SVG as an element of the HTML page: the namespace declarations (URLs the HTML parser does not
 * need) and the XML prolog removed. */
export function inlineSvg(svg: string): string {
  return svg.replace(/<\?xml[^>]*>\s*/, '').replace(/\s+xmlns(:xlink)?="[^"]*"/g, '');
}

const acc = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(3));

function table(head: readonly string[], rows: readonly (readonly string[])[], className: string): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${className}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const section = (id: string, title: string, body: string) => `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
const para = (text: string, className = '') => `<p${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</p>`;
const figure = (svg: string | undefined, empty: string) => (svg ? `<figure>${inlineSvg(svg)}</figure>` : para(empty, 'empty'));

function specSection(data: ReportData, s: ReportStrings): string {
  const { spec } = data.run;
  const validation = Math.round(spec.data.trainSize * spec.data.validationRate);
  const backend = data.run.trials.find((t) => t.backend)?.backend ?? spec.run.backend;
  const lines = [para(fill(s.specLine, spec.search.method, spec.search.trials, spec.training.epochs, spec.data.trainSize, validation, backend))];
  const best = data.ranked[0];
  lines.push(para(best ? fill(s.finished, data.ranked.length, spec.search.trials, best.valAcc.toFixed(3), best.trial) : s.noFinished));
  const ranges = bookOrder(Object.keys(spec.search.params)).map((path) => `<li>${escapeHtml(`${paramLabel(path)} (${path}): ${distributionText(spec.search.params[path]!)}`)}</li>`);
  lines.push(`<h3>${escapeHtml(s.searched)}</h3>`, `<ul class="ranges">${ranges.join('')}</ul>`);
  return section('spec', s.spec, lines.join('\n'));
}

function roundsSection(data: ReportData, s: ReportStrings): string {
  if (data.rounds.length < 2) return '';
  const k = data.rounds.find((r) => r.top)?.top?.k ?? 10;
  const rows = data.rounds.map((r) => [String(r.round), r.run, String(r.scored), acc(r.best), acc(r.median), acc(r.top?.lowest), acc(r.top?.spread)]);
  const ranges = data.rounds.map((r) => `<p><strong>${escapeHtml(String(r.round))}</strong>: ${Object.entries(r.ranges).map(([p, d]) => escapeHtml(`${paramLabel(p)} ${distributionText(d)}`)).join('; ')}</p>`);
  return section('rounds', s.rounds, [table(fill(s.roundsHead, k).split('|'), rows, 'rounds'), ...ranges].join('\n'));
}

function testSection(data: ReportData, s: ReportStrings): string {
  if (!data.test) return '';
  const valAcc = new Map(data.ranked.map((t) => [t.trial, t.valAcc]));
  const lines = data.test.map((r) => para(fill(s.testLine, r.trial, r.testAcc.toFixed(3), acc(valAcc.get(r.trial)))));
  return section('test', s.test, [...lines, para(s.testWhy, 'why')].join('\n'));
}

/** The run's note, then each noted trial beside its val acc and params. */
function notesSection(data: ReportData, s: ReportStrings): string {
  const noted = Object.entries(data.notes.trials).map(([k, text]) => [Number(k), text] as const).sort((a, b) => a[0] - b[0]);
  if (data.notes.run === undefined && noted.length === 0) return '';
  const byTrial = new Map(data.run.trials.map((t) => [t.trial, t]));
  const searched = bookOrder(Object.keys(data.run.spec.search.params));
  const parts: string[] = [];
  if (data.notes.run !== undefined) parts.push(`<p class="run-note"><strong>${escapeHtml(s.runNote)}:</strong> ${escapeHtml(data.notes.run)}</p>`);
  const rows = noted.map(([trial, text]) => {
    const t = byTrial.get(trial);
    const params = t ? searched.map((p) => `${paramLabel(p)}:${valueText(t.params[p])}`).join(', ') : '';
    return [fill(s.trialNote, trial), acc(t?.valAcc), params, text];
  });
  if (rows.length > 0) parts.push(table([s.trial, s.valAcc, '', s.notes], rows, 'trial-notes'));
  return section('notes', s.notes, parts.join('\n'));
}

function findingsSection(findings: readonly string[], s: ReportStrings): string {
  if (findings.length === 0) return '';
  return section('findings', s.findings, `<ul>${findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`);
}

const STYLE = `
body { font-family: ${REPORT_FONT}; color: ${REPORT_THEME.foreground}; background: ${REPORT_THEME.background}; max-width: 1040px; margin: 24px auto; padding: 0 16px; line-height: 1.45; }
h1 { font-size: 1.5em; font-weight: normal; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; font-weight: normal; border-bottom: 1px solid #e5e5e5; padding-bottom: 2px; margin-top: 1.6em; }
h3 { font-size: 1em; font-weight: normal; }
.meta, .empty, .why { color: ${REPORT_THEME.muted}; }
figure { margin: 8px 0; overflow-x: auto; }
table { border-collapse: collapse; }
td, th { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
thead th { border-bottom: 1px solid #e5e5e5; font-weight: normal; color: ${REPORT_THEME.muted}; }
.run-note { border-left: 3px solid ${REPORT_THEME.val}; padding-left: 8px; }
`;

export interface PageInput {
  data: ReportData;
  figures: ReportFigures;
  findings: readonly string[];
  strings: ReportStrings;
  locale: ReportLocale;
  written: Date;
  /** The figure files written beside the page (names only). */
  figureFiles: readonly string[];
  /** The Best-20 figure was drawn but the rasteriser could not load, so there is no best-20.png. */
  pngMissing?: boolean;
}

export function reportHtml({ data, figures, findings, strings: s, locale, written, figureFiles, pngMissing }: PageInput): string {
  const name = data.run.name;
  const best20 = [figure(figures.best20, s.best20Empty)];
  if (figures.best20 && figureFiles.length > 0) best20.push(para(fill(s.files, figureFiles.join(', ')), 'meta'));
  if (figures.best20 && pngMissing) best20.push(para(s.noPng, 'meta'));
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(fill(s.title, name))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(fill(s.title, name))}</h1>
${para(fill(s.generated, written.toISOString().replace(/\.\d+Z$/, 'Z'), basename(data.run.dir)), 'meta')}
${notesSection(data, s)}
${specSection(data, s)}
${findingsSection(findings, s)}
${section('best-20', s.best20, best20.join('\n'))}
${section('scatter', data.rounds.length > 1 ? s.scatterRounds : s.scatter, figure(figures.scatter, s.noFinished))}
${section('importance', s.importance, figure(figures.importance, s.importanceEmpty))}
${roundsSection(data, s)}
${testSection(data, s)}
</body>
</html>
`;
}
