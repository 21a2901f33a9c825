// Where `auto` keeps what it measured: one JSON file per user, outside any run folder (it is a
// fact about the machine, not about a run). $HPARAM_LAB_CACHE_DIR, else $XDG_CACHE_HOME/hparam-lab,
// else ~/.cache/hparam-lab. The cache only saves time: a file that cannot be read or written is
// treated as empty, and the next run measures again.
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../runs/store';
import type { CachedChoice, ChoiceCache } from './auto';

export function choiceCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.HPARAM_LAB_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hparam-lab');
  return join(dir, 'backend-choice.json');
}

export function fileChoiceCache(path: string = choiceCacheFile()): ChoiceCache {
  return {
    get: (key) => {
      const entry = readEntries(path)[key];
      return isChoice(entry) ? entry : undefined;
    },
    set: (key, choice) => {
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileAtomic(path, JSON.stringify({ ...readEntries(path), [key]: choice }, null, 2) + '\n');
      } catch {
        // a read-only home: the choice holds for this run and is measured again next time
      }
    },
  };
}

function readEntries(path: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isChoice(v: unknown): v is CachedChoice {
  const c = v as CachedChoice | undefined;
  return (
    !!c && (c.backend === 'gpu' || c.backend === 'wasm') && typeof c.speedup === 'number' && Number.isFinite(c.speedup) &&
    typeof c.adapter === 'string' && typeof c.measured === 'string'
  );
}
