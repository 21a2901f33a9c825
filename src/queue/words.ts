// The queue's sentences for people, written once, in English, through `t`: the CLI and the extension
// pass their translators (src/cli/messages.ja.json and l10n/bundle.l10n.ja.json hold them in Japanese;
// the tests of both read the literals of the t calls here too); without one they stay English, as they
// are in run files and logs that other hosts read.
import { untranslated, type Translate } from '../core/translate';
import type { WorkerInfo } from './contract';

/** What is wrong with a queue URL, or with reaching Redis through it; `shown` has the password masked. */
export type QueueProblem =
  | { kind: 'malformed'; shown: string; why: 'not-url' | 'no-host' | 'query' | { scheme: string } | { database: string } }
  | { kind: 'credentials' | 'untrusted' | 'unreachable'; shown: string; cause: string };

export function problemInWords(p: QueueProblem, t: Translate = untranslated): string {
  switch (p.kind) {
    case 'malformed': {
      const why = p.why;
      const said =
        why === 'not-url' ? t('not a URL')
        : why === 'no-host' ? t('no host')
        : why === 'query' ? t('a query or fragment is not understood')
        : 'scheme' in why ? t('the scheme is "{0}", not redis or rediss', why.scheme)
        : t('the database "{0}" is not a number', why.database);
      return t('--queue {0}: {1} — expected redis://[user:password@]host:port[/db] (or rediss:// for TLS)', p.shown, said);
    }
    case 'credentials':
      return t('{0}: Redis refused the credentials ({1}) — check the user and password in the URL', p.shown, p.cause);
    case 'untrusted':
      return t(
        '{0}: cannot reach Redis: its TLS certificate is not trusted ({1}) — if the server\'s certificate comes from a CA of your own, point NODE_EXTRA_CA_CERTS at that CA\'s PEM file (docs/workers.md)',
        p.shown,
        p.cause,
      );
    case 'unreachable':
      return t('{0}: cannot reach Redis ({1}) — is redis-server running there, and the port open?', p.shown, p.cause || t('connection closed'));
  }
}

/** "2 workers on redis://…: host-a pid 1 (wasm × 2), host-b pid 2 (gpu × 1)", or what to do when there is none. */
export function workersInWords(workers: WorkerInfo[], shownUrl: string, t: Translate = untranslated): string {
  if (workers.length === 0) return t('no worker is connected to {0}: the run waits for one — start one with `hparam-lab worker --queue {0}`', shownUrl);
  const threads = (w: WorkerInfo) => (w.fuse ? t('{0} × {1}, populations of {2}', w.backend, w.slots / w.fuse, w.fuse) : `${w.backend} × ${w.slots}`);
  const list = workers.map((w) => `${w.host} pid ${w.pid} (${threads(w)})`).join(', ');
  return workers.length === 1 ? t('1 worker on {0}: {1}', shownUrl, list) : t('{0} workers on {1}: {2}', workers.length, shownUrl, list);
}

/** Why a worker cannot train a trial on an IDX folder: none of its folders has the same bytes. */
export interface DataRefusal {
  host: string;
  /** File name → SHA-256 (hex) the trial wants. */
  files: Record<string, string>;
  /** Where the worker looked. */
  looked: string[];
}

export function refusalInWords(r: DataRefusal, t: Translate = untranslated): string {
  const files = Object.entries(r.files).map(([name, sha]) => `${name} (SHA-256 ${sha.slice(0, 12)}…)`).join(', ');
  return t(
    'worker {0} refuses this trial: it has no folder with the same IDX data ({1}); looked in {2} — copy the files to this host and start the worker with --data FOLDER',
    r.host,
    files,
    r.looked.join(', '),
  );
}

/** What a coordinator or a worker tells its user while it runs (shown only, never written to a run). */
export const queueNotes = {
  takenAgain: (trial: number, worker: string, t: Translate = untranslated) =>
    t('trial {0} was taken again by {1}: its earlier worker stopped answering; it trains again from its seed', trial, worker),
  refused: (trial: number, r: DataRefusal, t: Translate = untranslated) => t('trial {0}: {1}', trial, refusalInWords(r, t)),
  weightsGone: (trial: number, shownUrl: string, t: Translate = untranslated) =>
    t('trial {0}: its weights were gone from {1} (expired?); the trial counts, without kept weights', trial, shownUrl),
  weightsUnread: (trial: number, shownUrl: string, why: string, t: Translate = untranslated) =>
    t('trial {0}: could not read its weights from {1}: {2}; the trial counts, without kept weights', trial, shownUrl, why),
  jobLost: (trial: number, t: Translate = untranslated) => t('the queue lost the job of trial {0} (was Redis restarted without its data?); queuing it again', trial),
};
