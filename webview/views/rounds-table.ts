// The round comparison under the scatter: per round its best and median val acc and the spread of
// its top K (store.rounds, from the host), side by side; absent for a run of one round.
import type { PanelRound } from '../../src/panel/contract';
import { localize } from '../../src/panel/strings';

const TABLE_ID = 'rounds';
const acc = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));

/** Puts the table at the end of `section` (replacing the last one), or removes it without rounds. */
export function showRoundsTable(section: HTMLElement, rounds: readonly PanelRound[] | undefined, strings: Record<string, string>): void {
  section.querySelector(`#${TABLE_ID}`)?.remove();
  if (!rounds || rounds.length < 2) return;
  const k = rounds.find((r) => r.top)?.top?.k ?? 0;
  const table = document.createElement('table');
  table.id = TABLE_ID;
  table.className = 'hpl-rounds';
  table.createCaption().textContent = localize(strings, 'roundsCaption');
  const head = table.createTHead().insertRow();
  for (const text of [localize(strings, 'rounds'), localize(strings, 'roundsBest'), localize(strings, 'roundsMedian'), localize(strings, 'roundsLowest', k), localize(strings, 'roundsSpread', k)]) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of rounds) {
    const row = body.insertRow();
    row.title = r.run;
    for (const text of [localize(strings, 'round', r.round), acc(r.best), acc(r.median), acc(r.top?.lowest), acc(r.top?.spread)]) row.insertCell().textContent = text;
  }
  section.append(table);
}
