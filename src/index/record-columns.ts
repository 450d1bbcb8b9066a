import { IndexLoadError, jsonl, writeJsonl } from './format.js';

// Records (article heads) as JSON lines of columns: each line holds up to BATCH records, field by field, and a field
// whose values repeat (the paper, the file, the kind, an empty byline, a date) holds each distinct value once and the
// records its position. A million-chunk archive's 143k article heads parse several times faster this way than as one
// object per line, and take less room. Each record keeps its keys in their order (a table of the key lists, "shapes"),
// so a record read back serialises exactly as it was written. Values held once are shared between the records that
// have them, frozen so that no one changes them for all.

const BATCH = 8192;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Batch {
  shapes: string[][];
  shape: number[];
  /** Per field, the values of the records that have it, in order: as they are, or as positions in `distinct`. */
  cols: Record<string, { raw: Json[] } | { distinct: Json[]; at: number[] }>;
}

function encode(records: Record<string, Json>[]): Batch {
  const shapes = new Map<string, number>();
  const b: Batch = { shapes: [], shape: [], cols: {} };
  const values = new Map<string, Json[]>();
  for (const r of records) {
    const keys = Object.keys(r);
    const id = keys.join('\u0000');
    let s = shapes.get(id);
    if (s === undefined) {
      s = shapes.size;
      shapes.set(id, s);
      b.shapes.push(keys);
    }
    b.shape.push(s);
    for (const k of keys) {
      const col = values.get(k) ?? [];
      if (col.length === 0) values.set(k, col);
      col.push(r[k]!);
    }
  }
  for (const [k, col] of values) {
    const distinct = new Map<string, number>();
    const at = col.map((v) => {
      const key = JSON.stringify(v);
      const i = distinct.get(key) ?? distinct.size;
      if (i === distinct.size) distinct.set(key, i);
      return i;
    });
    b.cols[k] =
      distinct.size * 4 <= col.length
        ? { distinct: [...distinct.keys()].map((x) => JSON.parse(x) as Json), at }
        : { raw: col };
  }
  return b;
}

function deepFreeze(v: Json): Json {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

function decode(b: Batch, path: string): Record<string, Json>[] {
  // Columns by position, each shape as its keys' column positions, a counter per column: no lookups per value.
  const names = Object.keys(b.cols);
  const cols = names.map((k) => b.cols[k]!);
  for (const col of cols) if ('distinct' in col) col.distinct.forEach(deepFreeze);
  const position = new Map(names.map((k, i) => [k, i]));
  const shapes = b.shapes.map((keys) =>
    keys.map((k) => {
      const c = position.get(k);
      if (c === undefined) throw new IndexLoadError(`${path}: records name a field "${k}" that has no values`);
      return c;
    }),
  );
  const used = new Int32Array(cols.length);
  return b.shape.map((s) => {
    const keys = b.shapes[s];
    const at = shapes[s];
    if (!keys || !at) throw new IndexLoadError(`${path}: a record has shape ${s}, which is not in its table`);
    const r: Record<string, Json> = {};
    for (let j = 0; j < keys.length; j++) {
      const c = at[j]!;
      const col = cols[c]!;
      const i = used[c]!++;
      const v = 'raw' in col ? col.raw[i] : col.distinct[col.at[i]!];
      if (v === undefined) throw new IndexLoadError(`${path}: field "${keys[j]}" has fewer values than its records`);
      r[keys[j]!] = v;
    }
    return r;
  });
}

/** Write records as lines of columns, BATCH records a line; returns how many. */
export function writeRecordColumns(path: string, records: Iterable<Record<string, Json>>): number {
  let n = 0;
  writeJsonl(
    path,
    (function* () {
      let batch: Record<string, Json>[] = [];
      for (const r of records) {
        batch.push(r);
        n++;
        if (batch.length === BATCH) {
          yield encode(batch);
          batch = [];
        }
      }
      if (batch.length > 0) yield encode(batch);
    })(),
  );
  return n;
}

/** Read records written by writeRecordColumns. A damaged line names the file and line. */
export function readRecordColumns(path: string, what: string, fix: string): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  for (const b of jsonl<Batch>(path, what, fix)) {
    if (!Array.isArray(b?.shape) || !Array.isArray(b.shapes) || typeof b.cols !== 'object')
      throw new IndexLoadError(`${path}: a line of ${what} records has the wrong shape; ${fix}`);
    for (const r of decode(b, path)) out.push(r);
  }
  return out;
}
