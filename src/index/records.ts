import { isUtf8, transcode } from 'node:buffer';
import { closeSync, existsSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../ingest/article.js';
import { RecentMap } from '../recent.js';
import { Appender, readArray, writeArray } from './array-files.js';
import { type ChunkRecord, FILES, IndexLoadError, jsonl } from './format.js';
import { readRecordColumns, writeRecordColumns } from './record-columns.js';

// A segment's chunk and article records, laid out so that opening a million-chunk index is a few reads, not parsing
// a gigabyte of JSON: chunks as columns of numbers (an article's position, n, start, end; labels apart), articles
// without their text as lines of columns (record-columns.ts), and the texts one after another in a UTF-8 file with
// their byte offsets. A loaded article reads its text from that file when asked for it (through a descriptor held
// open, so a segment removed by a later merge stays readable): the texts, most of an archive's bytes, never sit in
// memory all at once.
// Segments written before this layout (chunks.jsonl, articles.jsonl) are still read.

/** Values per chunk in `chunks.u32`: its article's position in the segment's article records, n, start, end. */
const CHUNK_FIELDS = 4;
/** Texts kept decoded per segment (a search reads the same few articles several times). */
const TEXT_CACHE = 256;

/** Where a loaded article's text is kept: its segment's text file and its place in it. */
const stored = new WeakMap<Article, { file: TextFile; i: number }>();

/**
 * Does the article's text hold `s`? The same as `a.text.includes(s)`, but an article whose text is not decoded yet is
 * looked for in its bytes first and decoded only if they hold `s`'s: decoding is most of reading a text (~5 times the
 * read, measured), and a date or a name asked of fifty candidates is in few of them.
 */
export function textHolds(a: Article, s: string): boolean {
  const at = stored.get(a);
  return at ? at.file.holds(at.i, s) : a.text.includes(s);
}

/** Write the article records (texts apart) and the chunk records of a segment; returns how many articles. */
export function writeRecords(dir: string, articles: Iterable<Article>, chunks: ChunkRecord[]): number {
  const position = new Map<string, number>();
  const offsets = new Appender(join(dir, FILES.textOffsets), Float64Array);
  const fd = openSync(join(dir, FILES.texts), 'w');
  let bytes = 0;
  try {
    offsets.push(0);
    writeRecordColumns(
      join(dir, FILES.articleHeads),
      (function* () {
        for (const a of articles) {
          position.set(a.id, position.size);
          const text = Buffer.from(a.text, 'utf8');
          for (let done = 0; done < text.length; ) done += writeSync(fd, text, done, text.length - done);
          bytes += text.length;
          offsets.push(bytes);
          // The text's place is kept (0), so a loaded record's keys come in the order they were written.
          yield { ...a, text: 0 } as unknown as Record<string, never>;
        }
      })(),
    );
  } finally {
    closeSync(fd);
    offsets.close();
  }
  writeChunks(dir, chunks, position);
  return position.size;
}

function writeChunks(dir: string, chunks: ChunkRecord[], position: Map<string, number>): void {
  const table = new Uint32Array(chunks.length * CHUNK_FIELDS);
  const labels = new Float64Array(chunks.length);
  chunks.forEach((c, i) => {
    const a = position.get(c.articleId);
    // Both are rules of the index (a chunk's article is stored with it; chunk ids are "article:n"), checked here
    // because the compact layout relies on them.
    if (a === undefined) throw new Error(`chunk ${c.id}: its article ${c.articleId} is not in its segment`);
    if (c.id !== chunkId(c.articleId, c.n)) throw new Error(`chunk id ${c.id} is not ${chunkId(c.articleId, c.n)}`);
    table.set([a, c.n, c.start, c.end], i * CHUNK_FIELDS);
    labels[i] = c.label;
  });
  writeArray(join(dir, FILES.chunkTable), table);
  writeArray(join(dir, FILES.chunkLabels), labels);
}

const chunkId = (articleId: string, n: number): string => `${articleId}:${n}`;

/** A segment's records: articles (texts read on demand) and chunks. */
export function readRecords(dir: string, fix: string): { articles: Article[]; chunks: ChunkRecord[] } {
  const need = (f: string): string => {
    const p = join(dir, f);
    if (!existsSync(p)) throw new IndexLoadError(`index is incomplete: ${p} is missing; ${fix}`);
    return p;
  };
  if (existsSync(join(dir, FILES.chunks)) || existsSync(join(dir, FILES.articles)))
    return {
      chunks: jsonl<ChunkRecord>(need(FILES.chunks), 'chunk', fix),
      articles: jsonl<Article>(need(FILES.articles), 'article', fix),
    };
  const heads = readRecordColumns(need(FILES.articleHeads), 'article', fix) as unknown as Article[];
  const offsets = readArray(need(FILES.textOffsets), Float64Array, heads.length + 1);
  const texts = new TextFile(need(FILES.texts), offsets, need(FILES.textOffsets));
  for (let i = 0; i < heads.length; i++) {
    Object.defineProperty(heads[i], 'text', { get: () => texts.get(i), enumerable: true, configurable: true });
    stored.set(heads[i]!, { file: texts, i });
  }
  return { articles: heads, chunks: chunksOf(dir, heads, need) };
}

function chunksOf(dir: string, articles: Article[], need: (f: string) => string): ChunkRecord[] {
  const labels = readArray(need(FILES.chunkLabels), Float64Array);
  const table = readArray(need(FILES.chunkTable), Uint32Array, labels.length * CHUNK_FIELDS);
  const chunks = new Array<ChunkRecord>(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const at = i * CHUNK_FIELDS;
    const a = articles[table[at]!];
    if (!a)
      throw new Error(`${join(dir, FILES.chunkTable)}: chunk ${i} names article ${table[at]}, which is not there`);
    const n = table[at + 1]!;
    chunks[i] = {
      label: labels[i]!,
      id: chunkId(a.id, n),
      articleId: a.id,
      n,
      start: table[at + 2]!,
      end: table[at + 3]!,
    };
  }
  return chunks;
}

/**
 * `buf.toString('utf8')`, about three times faster for Chinese text: V8 decodes UTF-8 at ~28 µs for a 1,000-character
 * article here, ICU's converter to UTF-16 and a copy at ~9 µs (measured, docs/quality.md "Round seven"). Only for
 * well-formed UTF-8, where the two are the same text (ICU throws on a malformed byte; `toString` reads it as U+FFFD).
 */
export function decodeUtf8(buf: Buffer): string {
  if (buf.length < 64 || !isUtf8(buf)) return buf.toString('utf8');
  return transcode(buf, 'utf8', 'utf16le').toString('utf16le');
}

const closeOnCollect = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
});

/** The first offset that is not a whole byte count at or after the one before it (from 0), or -1. */
function firstBadOffset(offsets: Float64Array): number {
  let prev = 0;
  for (let i = 0; i < offsets.length; i++) {
    const o = offsets[i]!;
    if (!Number.isInteger(o) || o < prev || (i === 0 && o !== 0)) return i;
    prev = o;
  }
  return -1;
}

/** The texts of a segment's articles, read from its file by byte offsets, the last few kept decoded. */
class TextFile {
  private readonly fd: number;
  private readonly cache = new RecentMap<number, string>(TEXT_CACHE);

  constructor(
    private readonly path: string,
    private readonly offsets: Float64Array,
    offsetsPath: string,
  ) {
    this.fd = openSync(path, 'r');
    const size = fstatSync(this.fd).size;
    const end = offsets[offsets.length - 1]!;
    const bad = size === end ? firstBadOffset(offsets) : -1;
    if (size !== end || bad >= 0) {
      closeSync(this.fd);
      throw new Error(
        size !== end
          ? `${path} is ${size} bytes, its offsets say ${end}`
          : `${offsetsPath} is damaged: offset ${bad} is ${offsets[bad]}, after ${offsets[bad - 1] ?? 'the start'}`,
      );
    }
    closeOnCollect.register(this, this.fd);
  }

  get(i: number): string {
    return this.cache.get(i) ?? this.decode(i, this.bytes(i));
  }

  /** Does text `i` hold `s` (textHolds)? Its bytes are searched before it is decoded. */
  holds(i: number, s: string): boolean {
    const hit = this.cache.get(i);
    if (hit !== undefined) return hit.includes(s);
    // An undecodable byte reads as U+FFFD, whose bytes the file does not hold: only the decoded text can say.
    if (s === '' || s.includes('\uFFFD')) return this.get(i).includes(s);
    const bytes = this.bytes(i);
    // A well-formed text holds s exactly where its UTF-8 bytes hold s's (a lone surrogate in s: in neither).
    return bytes.indexOf(s, 0, 'utf8') >= 0 && this.decode(i, bytes).includes(s);
  }

  private bytes(i: number): Buffer {
    const from = this.offsets[i]!;
    const buf = Buffer.allocUnsafe(this.offsets[i + 1]! - from);
    for (let done = 0; done < buf.length; ) {
      const n = readSync(this.fd, buf, done, buf.length - done, from + done);
      if (n === 0) throw new Error(`${this.path} ends at byte ${from + done}`);
      done += n;
    }
    return buf;
  }

  private decode(i: number, buf: Buffer): string {
    const text = decodeUtf8(buf);
    this.cache.set(i, text);
    return text;
  }
}
