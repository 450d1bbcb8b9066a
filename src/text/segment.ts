import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Jieba } from '@node-rs/jieba';
import { RecentMap } from '../recent.js';
import {
  deserializeDictionary,
  frequencyOf,
  linesOf,
  type SortedDictionary,
  serializeDictionary,
  sortDictionary,
  wordsIn,
} from './dictionary.js';

// Word segmentation (jieba). Building jieba with its whole dictionary costs ~170 ms, which a one-shot `ask` would
// pay for the few hundred characters it tags. So jieba starts empty and is given, before each new text, the
// dictionary words that text holds (found in a sorted copy of the dictionary, kept in a cache file) plus an entry
// that keeps the dictionary's total frequency: its words and tags are exactly those of the whole dictionary
// (test/segment.test.ts compares them). Once a process has looked up enough text that the whole dictionary is
// cheaper (a bot, an index build), it loads the whole dictionary once.

const require = createRequire(import.meta.url);

/** Stands for the words not loaded: a private-use character, which jieba never reads as part of a word. */
const REST = '\ue000';
/** Characters looked up before loading the whole dictionary pays: ~4 µs each against ~170 ms once (measured). */
const WHOLE_AFTER_CHARS = 40_000;

export interface SegmenterOptions {
  /** jieba's dict.txt. */
  dictFile: string;
  /** Where the sorted dictionary is kept; null: never, load the whole dictionary. */
  cacheDir: string | null;
  wholeAfterChars?: number;
}

type Dictionary = { kind: 'partial'; sorted: SortedDictionary; loaded: Uint8Array; sum: number } | { kind: 'whole' };

export class Segmenter {
  private jieba: Jieba | undefined;
  private dictionary: Dictionary | undefined;
  private looked = 0;

  constructor(private readonly options: SegmenterOptions) {}

  /** Which dictionary jieba has now, and how many of its words (for tests and diagnostics). */
  state(): { dictionary: 'none' | 'partial' | 'whole'; words: number } {
    const d = this.dictionary;
    if (!d) return { dictionary: 'none', words: 0 };
    return d.kind === 'whole' ? { dictionary: 'whole', words: -1 } : { dictionary: 'partial', words: countLoaded(d) };
  }

  cut(text: string): string[] {
    return this.ready(text).cut(text, false);
  }

  tag(text: string): TaggedWord[] {
    return this.ready(text).tag(text, true);
  }

  /** jieba with every dictionary word of `text` loaded. */
  private ready(text: string): Jieba {
    const d = this.dictionary ?? this.open();
    if (d.kind === 'partial') {
      this.looked += text.length;
      if (this.looked > (this.options.wholeAfterChars ?? WHOLE_AFTER_CHARS)) this.loadWhole();
      else this.loadWordsOf(d, text);
    }
    return this.jieba!;
  }

  private open(): Dictionary {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const sorted =
      this.options.cacheDir === null ? null : sortedDictionary(this.options.dictFile, this.options.cacheDir);
    if (!sorted) return this.loadWhole();
    this.jieba = new JiebaClass();
    this.dictionary = { kind: 'partial', sorted, loaded: new Uint8Array(sorted.count), sum: 0 };
    return this.dictionary;
  }

  /**
   * The whole dictionary now, for a long-running process (the bot): otherwise each question's first texts load their
   * words one by one until WHOLE_AFTER_CHARS, which keeps the answer stage's tail slow for hundreds of questions.
   */
  loadWholeDictionary(): void {
    if (this.dictionary?.kind !== 'whole') this.loadWhole();
  }

  private loadWhole(): Dictionary {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    this.jieba = JiebaClass.withDict(readFileSync(this.options.dictFile));
    this.dictionary = { kind: 'whole' };
    return this.dictionary;
  }

  private loadWordsOf(d: Dictionary & { kind: 'partial' }, text: string): void {
    const fresh = [...new Set(wordsIn(d.sorted, text))].filter((k) => d.loaded[k] === 0);
    if (fresh.length === 0) return;
    for (const k of fresh) {
      d.loaded[k] = 1;
      d.sum += frequencyOf(d.sorted, k);
    }
    // jieba sums the frequencies of what it holds; REST's frequency makes that sum the whole dictionary's. Tagged
    // "x", as jieba tags a character it does not know.
    const rest = Buffer.from(`${REST} ${d.sorted.total - d.sum} x\n`);
    this.jieba!.loadDict(Buffer.concat([linesOf(d.sorted, fresh), rest]));
  }
}

const countLoaded = (d: { loaded: Uint8Array }): number => d.loaded.reduce((n, x) => n + x, 0);

/** The sorted dictionary from the cache, made (and kept there) when missing or stale; null when it cannot be. */
export function sortedDictionary(dictFile: string, cacheDir: string): SortedDictionary | null {
  let source: string;
  try {
    const st = statSync(dictFile);
    source = `${dictFile} ${st.size} ${st.mtimeMs}`;
  } catch {
    return null;
  }
  const cacheFile = join(cacheDir, 'jieba-dict.sorted');
  try {
    const cached = deserializeDictionary(readFileSync(cacheFile), source);
    if (cached) return cached;
  } catch {
    // Not made yet, or unreadable: made below.
  }
  let sorted: SortedDictionary;
  try {
    sorted = sortDictionary(readFileSync(dictFile));
  } catch {
    return null;
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed, so a process starting meanwhile reads the old file or the new, never half of one.
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, serializeDictionary(sorted, source));
    renameSync(tmp, cacheFile);
  } catch {
    // A read-only install: this process still uses what it sorted.
  }
  return sorted;
}

const jiebaDir = (): string => dirname(require.resolve('@node-rs/jieba/package.json'));

/** The dictionary jieba ships, sorted into node_modules/.cache beside it. */
export const defaultSegmenterOptions = (): SegmenterOptions => ({
  dictFile: join(jiebaDir(), 'dict.txt'),
  cacheDir: join(jiebaDir(), '..', '..', '.cache', 'local-news-bot'),
});

let shared: Segmenter | undefined;
const segmenter = (): Segmenter => {
  shared ??= new Segmenter(defaultSegmenterOptions());
  return shared;
};

/** The process's segmenter, as `cutWords` and `tagWords` use it. */
export const sharedSegmenter = segmenter;

export function cutWords(text: string): string[] {
  return segmenter().cut(text);
}

/** Does a dictionary word span the join of `left` and `right` ("前期宣" + "传工作" → 宣传)? */
export function wordSpansJoin(left: string, right: string): boolean {
  const l = left.replace(/\s+/gu, '').slice(-4);
  const r = right.replace(/\s+/gu, '').slice(0, 4);
  if (l === '' || r === '') return false;
  let pos = 0;
  for (const w of cutWords(l + r)) {
    const end = pos + w.length;
    if (pos < l.length && end > l.length) return true;
    pos = end;
  }
  return false;
}

export interface TaggedWord {
  word: string;
  /** jieba's part-of-speech tag: nr person, ns place, nt organisation, m numeral, x unknown (often a new name)… */
  tag: string;
}

/** Recently tagged texts: answering tags the same candidate sentences for several checks and questions. */
const TAG_CACHE = 4096;
const tagged = new RecentMap<string, TaggedWord[]>(TAG_CACHE);

/** Words with their part-of-speech tags, in order; the words join back to the text. */
export function tagWords(text: string): TaggedWord[] {
  const hit = tagged.get(text);
  if (hit) return hit;
  const words = segmenter().tag(text);
  tagged.set(text, words);
  return words;
}
