import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Embedder } from './embedder.js';

// With a real model, embedding is where a build's time goes (a year of a daily paper is hours). The cache keeps every
// passage's vector, keyed by the model (name, weights' precision, dimensions) and the exact text embedded (prefix
// included), in SQLite, committed batch by batch: a build killed mid-embedding resumes where it stopped, and
// `--full` with the same model embeds nothing it embedded before. It wraps the Embedder, so the index build does not
// know it is there.

export interface VectorCacheStats {
  /** Passages answered from the cache, and passages the model embedded, since the cache was opened. */
  reused: number;
  embedded: number;
}

export interface CachedEmbedder extends Embedder {
  readonly stats: VectorCacheStats;
  /** Forget this model's vectors not used since `sinceMs` (after a full build: those of chunks no longer indexed). */
  prune(sinceMs: number): number;
}

export class VectorCacheError extends Error {}

// A rowid table (a vector is too large a row for WITHOUT ROWID), models by number: about 2.1 KB a 384-d vector.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS models (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS vectors (
  id INTEGER PRIMARY KEY,
  key BLOB NOT NULL UNIQUE,
  model INTEGER NOT NULL REFERENCES models(id),
  used_at INTEGER NOT NULL,
  vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS vectors_model_used ON vectors(model, used_at);
`;
/** SQLite's default limit on bound parameters is far above this; batches stay small to keep statements cached. */
const LOOKUP_BATCH = 200;

function openDb(file: string): Database.Database {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 10000');
    db.exec(SCHEMA);
    return db;
  } catch (e) {
    throw new VectorCacheError(
      `vector cache ${file} cannot be opened (${(e as Error).message}); delete it (it is only a cache) or set VECTOR_CACHE=false`,
    );
  }
}

/** The vectors of one model in the cache file. */
class VectorStore {
  private readonly db: Database.Database;
  private readonly model: number;
  private readonly lookups = new Map<number, Database.Statement>();
  private readonly insert: Database.Statement;
  private readonly touch: Database.Statement;

  constructor(
    file: string,
    modelName: string,
    private readonly dims: number,
  ) {
    this.db = openDb(file);
    this.db.prepare('INSERT OR IGNORE INTO models (name) VALUES (?)').run(modelName);
    this.model = (this.db.prepare('SELECT id FROM models WHERE name = ?').get(modelName) as { id: number }).id;
    this.insert = this.db.prepare(
      'INSERT INTO vectors (key, model, vector, used_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET vector = excluded.vector, used_at = excluded.used_at',
    );
    this.touch = this.db.prepare('UPDATE vectors SET used_at = ? WHERE key = ?');
  }

  private lookup(n: number): Database.Statement {
    let st = this.lookups.get(n);
    if (!st) {
      st = this.db.prepare(`SELECT key, vector FROM vectors WHERE key IN (${Array(n).fill('?').join(',')})`);
      this.lookups.set(n, st);
    }
    return st;
  }

  /** The stored vectors of these keys, by key (hex). */
  get(keys: Buffer[]): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (let i = 0; i < keys.length; i += LOOKUP_BATCH) {
      const part = keys.slice(i, i + LOOKUP_BATCH);
      for (const row of this.lookup(part.length).all(...part) as { key: Buffer; vector: Buffer }[]) {
        const b = row.vector;
        const v = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
        if (v.length === this.dims) out.set(row.key.toString('hex'), v);
      }
    }
    return out;
  }

  /** Store new vectors and mark reused ones as used, in one transaction. */
  put(fresh: [Buffer, Float32Array][], reused: Buffer[]): void {
    const now = Date.now();
    this.db.transaction(() => {
      for (const [k, v] of fresh)
        this.insert.run(k, this.model, Buffer.from(v.buffer, v.byteOffset, v.byteLength), now);
      for (const k of reused) this.touch.run(now, k);
    })();
  }

  prune(sinceMs: number): number {
    return this.db.prepare('DELETE FROM vectors WHERE model = ? AND used_at < ?').run(this.model, sinceMs).changes;
  }

  close(): void {
    this.db.close();
  }
}

/** `modelKey` names everything besides the text that decides a vector: model name, dtype, dimensions. */
export function withVectorCache(inner: Embedder, file: string, modelKey: string): CachedEmbedder {
  const modelName = `${modelKey}|${inner.dims}|${inner.profile.passagePrefix}`;
  const store = new VectorStore(file, modelName, inner.dims);
  // 128 bits of SHA-256: collisions are out of reach for any archive.
  const keyOf = (text: string): Buffer =>
    createHash('sha256')
      .update(modelName)
      .update('\u0000')
      .update(inner.profile.passagePrefix)
      .update(text)
      .digest()
      .subarray(0, 16);
  const stats: VectorCacheStats = { reused: 0, embedded: 0 };
  return {
    profile: inner.profile,
    dims: inner.dims,
    stats,
    async embedPassages(texts) {
      const keys = texts.map(keyOf);
      const cached = store.get(keys);
      const missing = texts.flatMap((_, i) => (cached.has(keys[i]!.toString('hex')) ? [] : [i]));
      const fresh = missing.length > 0 ? await inner.embedPassages(missing.map((i) => texts[i]!)) : [];
      // One transaction per call: what was embedded is kept even if the build dies right after.
      store.put(
        missing.map((i, j) => [keys[i]!, fresh[j]!]),
        keys.filter((k) => cached.has(k.toString('hex'))),
      );
      stats.reused += texts.length - missing.length;
      stats.embedded += missing.length;
      const fromFresh = new Map(missing.map((i, j) => [i, fresh[j]!]));
      return texts.map((_, i) => fromFresh.get(i) ?? cached.get(keys[i]!.toString('hex'))!);
    },
    embedQuery: (text) => inner.embedQuery(text),
    prune: (sinceMs) => store.prune(sinceMs),
    async dispose() {
      store.close();
      await inner.dispose();
    },
  };
}
