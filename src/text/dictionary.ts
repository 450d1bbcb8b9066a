// jieba's dictionary (350 000 words, 5 MB), sorted so that the words a text holds can be found without loading it.
//
// jieba's segmentation and tags of a text depend only on the dictionary words that occur in that text (the word graph,
// their frequencies, the words handed to the HMM, the tag of each word) and on the dictionary's total frequency. So a
// jieba loaded with just those words, and a balancing entry that keeps the total, cuts and tags the text exactly as
// one loaded with the whole dictionary, which takes ~170 ms to build. Finding the words here takes microseconds.

/** The sorted dictionary: one line per word, "word freq tag\n", in byte order of the word. */
export interface SortedDictionary {
  count: number;
  /** Sum of the frequencies, as jieba sums them once the whole dictionary is loaded. */
  total: number;
  lines: Buffer;
  /** Byte offset of each line in `lines`, and one past the end. */
  offsets: Uint32Array;
}

const MAGIC = 'local-news-bot jieba dictionary v1';
const SPACE = 0x20;
const NEWLINE = 0x0a;

interface Entry {
  word: string;
  freq: number;
  tag: string;
}

/**
 * Read dict.txt as jieba's `load_dict` does: whitespace-separated word, frequency (0 when absent) and tag ("" when
 * absent); a word listed twice keeps its first tag and its last frequency.
 */
function parseDict(text: string): Entry[] {
  const byWord = new Map<string, Entry>();
  text.split('\n').forEach((line, i) => {
    const [word, freqText, tag = ''] = line.split(/\s+/u).filter((t) => t !== '');
    if (word === undefined) return;
    const freq = freqText === undefined ? 0 : Number(freqText);
    if (!/^\d+$/u.test(freqText ?? '0') || !Number.isSafeInteger(freq))
      throw new Error(`jieba dictionary line ${i + 1}: frequency "${freqText}" is not a whole number`);
    const seen = byWord.get(word);
    if (seen) seen.freq = freq;
    else byWord.set(word, { word, freq, tag });
  });
  return [...byWord.values()];
}

/** Code point order, which is the byte order of UTF-8 (JavaScript's `<` compares UTF-16 code units). */
function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    return sx === sy ? x - y : sx ? 1 : -1;
  }
  return a.length - b.length;
}

/** Sort jieba's dictionary file (its bytes) into a `SortedDictionary`. */
export function sortDictionary(dictFile: Buffer): SortedDictionary {
  const entries = parseDict(dictFile.toString('utf8'));
  entries.sort((a, b) => byCodePoint(a.word, b.word));
  const lines = Buffer.from(entries.map((e) => `${e.word} ${e.freq} ${e.tag}\n`).join(''), 'utf8');
  // A word holding a control character would sort after the space that ends a shorter word's line.
  for (const b of lines)
    if (b < SPACE && b !== NEWLINE)
      throw new Error('jieba dictionary has a control character: cannot sort it by bytes');
  const offsets = new Uint32Array(entries.length + 1);
  let at = 0;
  for (let i = 0; i < entries.length; i++) {
    offsets[i] = at;
    at = lines.indexOf(NEWLINE, at) + 1;
  }
  offsets[entries.length] = lines.length;
  return { count: entries.length, total: entries.reduce((s, e) => s + e.freq, 0), lines, offsets };
}

/** The file form: a header line naming the source dictionary, the offsets, then the lines. */
export function serializeDictionary(d: SortedDictionary, source: string): Buffer {
  const header = Buffer.from(`${JSON.stringify({ magic: MAGIC, source, count: d.count, total: d.total })}\n`);
  const pad = Buffer.alloc((4 - (header.length % 4)) % 4, SPACE);
  const offsets = Buffer.from(d.offsets.buffer, d.offsets.byteOffset, d.offsets.byteLength);
  return Buffer.concat([header, pad, offsets, d.lines]);
}

/** The dictionary stored by `serializeDictionary` from `source`, or null when the file is another's or damaged. */
export function deserializeDictionary(file: Buffer, source: string): SortedDictionary | null {
  const end = file.indexOf(NEWLINE);
  if (end < 0 || end > 4096) return null;
  let head: { magic?: unknown; source?: unknown; count?: unknown; total?: unknown };
  try {
    head = JSON.parse(file.subarray(0, end).toString('utf8'));
  } catch {
    return null;
  }
  const { count, total } = head;
  if (head.magic !== MAGIC || head.source !== source || !Number.isSafeInteger(count) || !Number.isSafeInteger(total))
    return null;
  const start = Math.ceil((end + 1) / 4) * 4;
  const n = count as number;
  if (file.length < start + (n + 1) * 4) return null;
  // A copy, so the offsets are aligned whatever the buffer pool gave.
  const offsets = new Uint32Array(file.buffer.slice(file.byteOffset + start, file.byteOffset + start + (n + 1) * 4));
  const lines = file.subarray(start + (n + 1) * 4);
  if (offsets[0] !== 0 || offsets[n] !== lines.length) return null;
  return { count: n, total: total as number, lines, offsets };
}

/**
 * Compare the word of line `k` with the prefix `p[from..to)`: 0 when the word starts with it, negative when it sorts
 * before every word that does, positive after.
 */
function comparePrefix(d: SortedDictionary, k: number, p: Uint8Array, from: number, to: number): number {
  const at = d.offsets[k]!;
  for (let j = 0; j < to - from; j++) {
    const w = d.lines[at + j]!;
    // The space that ends the word sorts it before any longer word it is a prefix of.
    if (w === SPACE) return -1;
    if (w !== p[from + j]) return w - p[from + j]!;
  }
  return 0;
}

/** First line in [lo, hi) whose word is not before the prefix (`after`: not before or starting with it). */
function bound(d: SortedDictionary, lo: number, hi: number, p: Uint8Array, from: number, to: number, after: boolean) {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = comparePrefix(d, mid, p, from, to);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const isCharStart = (b: number): boolean => (b & 0xc0) !== 0x80;

/** The lines (by index) of every dictionary word that occurs in `text`. */
export function wordsIn(d: SortedDictionary, text: string): number[] {
  const bytes = Buffer.from(text, 'utf8');
  const found: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (!isCharStart(bytes[i]!)) continue;
    let lo = 0;
    let hi = d.count;
    for (let end = i + 1; end <= bytes.length && lo < hi; end++) {
      if (end < bytes.length && !isCharStart(bytes[end]!)) continue;
      // Words starting with text[i..end) lie in [lo, hi), the word itself first.
      lo = bound(d, lo, hi, bytes, i, end, false);
      hi = bound(d, lo, hi, bytes, i, end, true);
      if (lo < hi && d.lines[d.offsets[lo]! + end - i] === SPACE) found.push(lo);
    }
  }
  return found;
}

/** The frequency stored on line `k`. */
export function frequencyOf(d: SortedDictionary, k: number): number {
  const line = d.lines.subarray(d.offsets[k]!, d.offsets[k + 1]! - 1).toString('latin1');
  return Number(line.split(' ').at(-2));
}

/** Lines `ks` as a dictionary file for jieba's `loadDict`. */
export function linesOf(d: SortedDictionary, ks: number[]): Buffer {
  return Buffer.concat(ks.map((k) => d.lines.subarray(d.offsets[k]!, d.offsets[k + 1]!)));
}
