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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS vectors (
  key BLOB PRIMARY KEY,
  model TEXT NOT NULL,
  vector BLOB NOT NULL,
  used_at INTEGER NOT NULL
) WITHOUT ROWID;
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

/** `modelKey` names everything besides the text that decides a vector: model name, dtype, dimensions. */
export function withVectorCache(inner: Embedder, file: string, modelKey: string): CachedEmbedder {
  const db = openDb(file);
  const model = `${modelKey}|${inner.dims}|${inner.profile.passagePrefix}`;
  const keyOf = (text: string): Buffer =>
    createHash('sha256').update(model).update('\u0000').update(inner.profile.passagePrefix).update(text).digest();
  const insert = db.prepare('INSERT OR REPLACE INTO vectors (key, model, vector, used_at) VALUES (?, ?, ?, ?)');
  const lookups = new Map<number, Database.Statement>();
  const lookup = (n: number): Database.Statement => {
    let st = lookups.get(n);
    if (!st) {
      st = db.prepare(`SELECT key, vector FROM vectors WHERE key IN (${Array(n).fill('?').join(',')})`);
      lookups.set(n, st);
    }
    return st;
  };
  const touch = db.prepare('UPDATE vectors SET used_at = ? WHERE key = ?');
  const stats: VectorCacheStats = { reused: 0, embedded: 0 };

  const found = (keys: Buffer[]): Map<string, Float32Array> => {
    const out = new Map<string, Float32Array>();
    for (let i = 0; i < keys.length; i += LOOKUP_BATCH) {
      const part = keys.slice(i, i + LOOKUP_BATCH);
      for (const row of lookup(part.length).all(...part) as { key: Buffer; vector: Buffer }[]) {
        const v = new Float32Array(
          row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength),
        );
        if (v.length === inner.dims) out.set(row.key.toString('hex'), v);
      }
    }
    return out;
  };

  return {
    profile: inner.profile,
    dims: inner.dims,
    stats,
    async embedPassages(texts) {
      const keys = texts.map(keyOf);
      const cached = found(keys);
      const missing = texts.flatMap((_, i) => (cached.has(keys[i]!.toString('hex')) ? [] : [i]));
      const fresh = missing.length > 0 ? await inner.embedPassages(missing.map((i) => texts[i]!)) : [];
      const now = Date.now();
      // One transaction per call: what was embedded is kept even if the build dies right after.
      db.transaction(() => {
        missing.forEach((i, j) => {
          const v = fresh[j]!;
          insert.run(keys[i]!, model, Buffer.from(v.buffer, v.byteOffset, v.byteLength), now);
        });
        for (const k of keys) if (cached.has(k.toString('hex'))) touch.run(now, k);
      })();
      stats.reused += texts.length - missing.length;
      stats.embedded += missing.length;
      const fromFresh = new Map(missing.map((i, j) => [i, fresh[j]!]));
      return texts.map((_, i) => fromFresh.get(i) ?? cached.get(keys[i]!.toString('hex'))!);
    },
    embedQuery: (text) => inner.embedQuery(text),
    prune(sinceMs) {
      return db.prepare('DELETE FROM vectors WHERE model = ? AND used_at < ?').run(model, sinceMs).changes;
    },
    async dispose() {
      db.close();
      await inner.dispose();
    },
  };
}
