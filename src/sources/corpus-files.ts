import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ItemRow, SourceState } from './state.js';

// The fetching stage hands its articles to ingest as article feeds (`.jsonl`, one file per source and day) inside
// the corpus folder, so ingest, index and search stay as they are. A file is written whole from the state (a
// corrected article replaces its line) and atomically (temporary file, then rename): a crash leaves the old file
// or the new one, never half of one, and the file stays marked to write until it is written.

/** One line of an article feed (README "Corpus input"). */
export interface FeedRecord {
  id: string;
  title?: string;
  date?: string;
  url?: string;
  source: string;
  text: string;
}

export function toRecord(row: ItemRow): FeedRecord {
  return {
    id: row.id,
    ...(row.title ? { title: row.title } : {}),
    ...(row.date ? { date: row.date } : {}),
    ...(row.url ? { url: row.url } : {}),
    source: row.paper,
    text: row.text,
  };
}

export function writeAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Write every corpus file whose articles changed; returns the files written (relative to `sourcesDir`). */
export function writeDirtyFiles(state: SourceState, sourcesDir: string): string[] {
  const written: string[] = [];
  for (const file of state.dirtyFiles()) {
    const rows = state.itemsInFile(file);
    writeAtomically(join(sourcesDir, file), rows.map((r) => `${JSON.stringify(toRecord(r))}\n`).join(''));
    state.markClean(file);
    written.push(file);
  }
  return written;
}
