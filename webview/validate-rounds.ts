// Shape check of the host's `rounds` message (see validate.ts): dropped whole when malformed.
import { MAX_ROUND_POINTS, type PanelRound, type PanelRounds } from '../src/panel/contract';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function readRound(x: unknown): PanelRound | undefined {
  if (!isObj(x) || !Number.isInteger(x.round) || typeof x.run !== 'string' || !isObj(x.ranges) || !Array.isArray(x.points)) return undefined;
  if (x.points.length > MAX_ROUND_POINTS) return undefined;
  const ranges: PanelRound['ranges'] = {};
  for (const [k, v] of Object.entries(x.ranges)) {
    if (!Array.isArray(v) || v.length !== 2 || !isNum(v[0]) || !isNum(v[1])) return undefined;
    ranges[k] = [v[0], v[1]];
  }
  const points = x.points.filter((p): p is Obj => isObj(p) && isNum(p.valAcc) && isObj(p.params)) as PanelRound['points'];
  if (points.length !== x.points.length || points.some((p) => Object.values(p.params).some((v) => !isNum(v) && typeof v !== 'string'))) return undefined;
  const round: PanelRound = { round: x.round as number, run: x.run, ranges, points };
  if (isNum(x.best) && isNum(x.median)) Object.assign(round, { best: x.best, median: x.median });
  const top = x.top;
  if (isObj(top) && Number.isInteger(top.k) && isNum(top.lowest) && isNum(top.spread)) round.top = { k: top.k as number, lowest: top.lowest, spread: top.spread };
  return round;
}

export function readRounds(data: Obj): PanelRounds | undefined {
  if (!Array.isArray(data.rounds)) return undefined;
  const rounds = data.rounds.map(readRound);
  return rounds.every((r): r is PanelRound => r !== undefined) ? { type: 'rounds', rounds } : undefined;
}
