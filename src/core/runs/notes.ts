// Notes the user writes on a run and on its trials, kept beside the run's results in notes.json:
//   { "run": "text", "trials": { "12": "text" } }
// A missing file means no notes; a damaged one is an error naming the file (never silently
// overwritten: the next write would lose what the user wrote). Written atomically.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './store';

export const NOTES_FILE = 'notes.json';

export interface RunNotes {
  /** The note on the run itself. */
  run?: string;
  /** Trial number → its note. */
  trials: Record<number, string>;
}

export const emptyNotes = (): RunNotes => ({ trials: {} });

export const notesFile = (dir: string) => join(dir, NOTES_FILE);

/** The notes of a trial (a number) or of the run (null). */
export function noteOf(notes: RunNotes, trial: number | null): string | undefined {
  return trial === null ? notes.run : notes.trials[trial];
}

function damaged(file: string, why: string): Error {
  return new Error(`${file} is damaged (${why}); fix or delete it to write notes again`);
}

/** The run's notes; none when notes.json does not exist. Throws naming the file when it is damaged. */
export function readNotes(dir: string): RunNotes {
  const file = notesFile(dir);
  if (!existsSync(file)) return emptyNotes();
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw damaged(file, e instanceof Error ? e.message : String(e));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw damaged(file, 'not a JSON object');
  const { run, trials } = data as { run?: unknown; trials?: unknown };
  if (run !== undefined && typeof run !== 'string') throw damaged(file, '"run" is not text');
  if (trials !== undefined && (typeof trials !== 'object' || trials === null || Array.isArray(trials))) throw damaged(file, '"trials" is not an object');
  const notes: RunNotes = emptyNotes();
  if (run) notes.run = run;
  for (const [key, text] of Object.entries((trials ?? {}) as Record<string, unknown>)) {
    if (!/^\d+$/.test(key) || typeof text !== 'string') throw damaged(file, `trial note "${key}" is not a trial number with text`);
    if (text) notes.trials[Number(key)] = text;
  }
  return notes;
}

export function writeNotes(dir: string, notes: RunNotes): void {
  writeFileAtomic(notesFile(dir), JSON.stringify(notes, null, 2) + '\n');
}

/** Sets the note of the run (trial null) or of a trial and writes notes.json; empty text (after
 * trimming) removes the note. Returns the notes as written. */
export function setNote(dir: string, trial: number | null, text: string): RunNotes {
  const notes = readNotes(dir);
  const note = text.trim();
  if (trial === null) {
    if (note) notes.run = note;
    else delete notes.run;
  } else if (note) {
    notes.trials[trial] = note;
  } else {
    delete notes.trials[trial];
  }
  writeNotes(dir, notes);
  return notes;
}
