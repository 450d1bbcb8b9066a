import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

// What the fetching stage knows between runs, in SQLite (WAL, one transaction per unit of work): the articles kept
// from each source and the keys (URLs, ids) they were seen under, each URL's validators for conditional GET, which
// corpus files need writing again, and each source's last success, last error and counts. A crash loses at most the
// unit under way; the next run starts from what was committed.

export const STATE_FILE = '.state.sqlite';
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sources (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  paper TEXT NOT NULL,
  last_run_at TEXT,
  last_success_at TEXT,
  last_error TEXT,
  last_error_at TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  last_summary TEXT
);
CREATE TABLE IF NOT EXISTS items (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  url TEXT,
  title TEXT,
  date TEXT,
  paper TEXT NOT NULL,
  text TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  minhash BLOB,
  day INTEGER NOT NULL,
  file TEXT NOT NULL,
  seq INTEGER NOT NULL,
  first_seen TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  versions INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS items_day ON items(day);
CREATE INDEX IF NOT EXISTS items_text_hash ON items(text_hash);
CREATE INDEX IF NOT EXISTS items_file ON items(file, seq);
CREATE INDEX IF NOT EXISTS items_source ON items(source);
CREATE TABLE IF NOT EXISTS seen (
  key TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  item_id TEXT,
  entry_hash TEXT,
  status TEXT NOT NULL,
  reason TEXT,
  seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS validators (
  url TEXT PRIMARY KEY,
  etag TEXT,
  last_modified TEXT,
  body_hash TEXT,
  checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dirty_files (file TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  ok INTEGER,
  summary TEXT
);
`;

export interface ItemRow {
  id: string;
  source: string;
  url: string | null;
  title: string | null;
  date: string | null;
  paper: string;
  text: string;
  text_hash: string;
  minhash: Buffer | null;
  day: number;
  file: string;
  seq: number;
  first_seen: string;
  updated_at: string;
  versions: number;
}

export interface SeenRow {
  key: string;
  source: string;
  item_id: string | null;
  entry_hash: string | null;
  status: 'kept' | 'duplicate' | 'no-text' | 'unreadable';
  reason: string | null;
  seen_at: string;
}

export interface SourceRow {
  name: string;
  kind: string;
  paper: string;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  failures: number;
  last_summary: string | null;
}

export interface Validators {
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
}

export class StateError extends Error {}

const now = (): string => new Date().toISOString();

export class SourceState {
  private constructor(readonly db: Database.Database) {}

  /** Open (creating if needed) the state file. */
  static open(file: string): SourceState {
    mkdirSync(dirname(file), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 10000');
      db.exec(SCHEMA);
    } catch (e) {
      throw new StateError(`source state ${file} cannot be opened (${(e as Error).message})`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    else if (version !== SCHEMA_VERSION)
      throw new StateError(`source state ${file} has schema ${version}; this version reads ${SCHEMA_VERSION}`);
    return new SourceState(db);
  }

  /** A private in-memory copy (for --dry-run: everything runs as usual and nothing is written back). */
  static copyOf(file: string): SourceState {
    if (!existsSync(file)) {
      const db = new Database(':memory:');
      db.exec(SCHEMA);
      return new SourceState(db);
    }
    const disk = new Database(file, { readonly: true, fileMustExist: true });
    const bytes = disk.serialize();
    disk.close();
    return new SourceState(new Database(bytes));
  }

  /** Read-only, for status (the bot's /about, inspect): undefined when no run has made the file yet. */
  static readOnly(file: string): SourceState | undefined {
    if (!existsSync(file)) return undefined;
    return new SourceState(new Database(file, { readonly: true, fileMustExist: true }));
  }

  close(): void {
    this.db.close();
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // --- sources and runs ---

  startRun(name: string, kind: string, paper: string): number {
    return this.tx(() => {
      this.db
        .prepare(
          `INSERT INTO sources (name, kind, paper, last_run_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, paper = excluded.paper, last_run_at = excluded.last_run_at`,
        )
        .run(name, kind, paper, now());
      return Number(
        this.db.prepare('INSERT INTO runs (source, started_at) VALUES (?, ?)').run(name, now()).lastInsertRowid,
      );
    });
  }

  finishRun(run: number, name: string, summary: object, error?: string): void {
    const at = now();
    this.tx(() => {
      this.db
        .prepare('UPDATE runs SET finished_at = ?, ok = ?, summary = ? WHERE id = ?')
        .run(at, error ? 0 : 1, JSON.stringify(summary), run);
      if (error)
        this.db
          .prepare(
            'UPDATE sources SET last_error = ?, last_error_at = ?, failures = failures + 1, last_summary = ? WHERE name = ?',
          )
          .run(error, at, JSON.stringify(summary), name);
      else
        this.db
          .prepare('UPDATE sources SET last_success_at = ?, failures = 0, last_summary = ? WHERE name = ?')
          .run(at, JSON.stringify(summary), name);
    });
  }

  sources(): SourceRow[] {
    return this.db.prepare('SELECT * FROM sources ORDER BY name').all() as SourceRow[];
  }

  articleCounts(): Map<string, number> {
    const rows = this.db.prepare('SELECT source, COUNT(*) AS n FROM items GROUP BY source').all() as {
      source: string;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.source, r.n]));
  }

  // --- seen keys and items ---

  seen(key: string): SeenRow | undefined {
    return this.db.prepare('SELECT * FROM seen WHERE key = ?').get(key) as SeenRow | undefined;
  }

  markSeen(row: Omit<SeenRow, 'seen_at'>): void {
    this.db
      .prepare(
        `INSERT INTO seen (key, source, item_id, entry_hash, status, reason, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET item_id = excluded.item_id, entry_hash = excluded.entry_hash,
           status = excluded.status, reason = excluded.reason, seen_at = excluded.seen_at`,
      )
      .run(row.key, row.source, row.item_id, row.entry_hash, row.status, row.reason, now());
  }

  item(id: string): ItemRow | undefined {
    return this.db.prepare('SELECT * FROM items WHERE id = ?').get(id) as ItemRow | undefined;
  }

  itemByTextHash(hash: string): ItemRow | undefined {
    return this.db.prepare('SELECT * FROM items WHERE text_hash = ? ORDER BY first_seen LIMIT 1').get(hash) as
      | ItemRow
      | undefined;
  }

  /** Items dated (or first seen) within `window` days of `day`, with a signature to compare. */
  itemsNear(day: number, window: number): Pick<ItemRow, 'id' | 'source' | 'minhash' | 'title'>[] {
    return this.db
      .prepare('SELECT id, source, minhash, title FROM items WHERE day BETWEEN ? AND ? AND minhash IS NOT NULL')
      .all(day - window, day + window) as Pick<ItemRow, 'id' | 'source' | 'minhash' | 'title'>[];
  }

  insertItem(row: Omit<ItemRow, 'seq' | 'first_seen' | 'updated_at' | 'versions'>): void {
    const seq = (
      this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS s FROM items WHERE file = ?').get(row.file) as {
        s: number;
      }
    ).s;
    const at = now();
    this.db
      .prepare(
        `INSERT INTO items (id, source, url, title, date, paper, text, text_hash, minhash, day, file, seq, first_seen, updated_at)
         VALUES (@id, @source, @url, @title, @date, @paper, @text, @text_hash, @minhash, @day, @file, @seq, @at, @at)`,
      )
      .run({ ...row, seq, at });
    this.markDirty(row.file);
  }

  /** A corrected version: same id and file, new content. */
  updateItem(
    id: string,
    row: Pick<ItemRow, 'url' | 'title' | 'date' | 'paper' | 'text' | 'text_hash' | 'minhash'>,
  ): void {
    const file = this.item(id)?.file;
    if (!file) throw new StateError(`no item ${id} to update`);
    this.db
      .prepare(
        `UPDATE items SET url = @url, title = @title, date = @date, paper = @paper, text = @text, text_hash = @text_hash,
           minhash = @minhash, updated_at = @at, versions = versions + 1 WHERE id = @id`,
      )
      .run({ ...row, id, at: now() });
    this.markDirty(file);
  }

  itemsInFile(file: string): ItemRow[] {
    return this.db.prepare('SELECT * FROM items WHERE file = ? ORDER BY seq').all(file) as ItemRow[];
  }

  // --- corpus files to write ---

  markDirty(file: string): void {
    this.db.prepare('INSERT OR IGNORE INTO dirty_files (file) VALUES (?)').run(file);
  }

  dirtyFiles(): string[] {
    return (this.db.prepare('SELECT file FROM dirty_files ORDER BY file').all() as { file: string }[]).map(
      (r) => r.file,
    );
  }

  markClean(file: string): void {
    this.db.prepare('DELETE FROM dirty_files WHERE file = ?').run(file);
  }

  // --- conditional GET ---

  validators(url: string): Validators | undefined {
    return this.db.prepare('SELECT etag, last_modified, body_hash FROM validators WHERE url = ?').get(url) as
      | Validators
      | undefined;
  }

  forgetValidators(url: string): void {
    this.db.prepare('DELETE FROM validators WHERE url = ?').run(url);
  }

  setValidators(
    url: string,
    v: { etag?: string | undefined; lastModified?: string | undefined; bodyHash: string },
  ): void {
    this.db
      .prepare(
        `INSERT INTO validators (url, etag, last_modified, body_hash, checked_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           body_hash = excluded.body_hash, checked_at = excluded.checked_at`,
      )
      .run(url, v.etag ?? null, v.lastModified ?? null, v.bodyHash, now());
  }
}
