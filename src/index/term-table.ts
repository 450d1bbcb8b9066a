import { normalizeForSearch } from '../text/normalize.js';
import { type BigramSink, type LexicalMode, lexicalTerms, visitBigramTerms } from '../text/tokenize.js';

// Dense ids for the terms of one run of postings. A run sees tens of millions of terms; looking each up as a string
// in a Map cost about a microsecond (most of a build's time), so Han characters are numbered by code point in a
// table, Han pairs in an open-addressing hash table of code point pairs, and only the other words go through a Map.
// The terms are the same as lexicalTerms' (the same walk of the text); their strings are made once per distinct term.

const EMPTY = -1;
/** `second` of a one-character term, and of a word (whose `first` is then its index in `wordOf`). */
const UNIGRAM = -1;
const WORD = -2;

const slotOf = (a: number, b: number, mask: number): number => {
  const h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 0;
  return (h ^ (h >>> 15)) & mask;
};

export class TermTable implements BigramSink {
  /** Id of each code point as a one-character term. */
  private readonly unigrams = new Int32Array(0x110000).fill(EMPTY);
  /** Hash slots of Han pairs, three numbers each (first, second, id) so a probe reads one place. */
  private slots = new Int32Array(3 << 16).fill(EMPTY);
  private pairs = 0;
  private readonly words = new Map<string, number>();
  /** Per id: a Han pair's two code points, a character's code point and UNIGRAM, or a word's index and WORD. */
  private first = new Int32Array(1 << 16);
  private second = new Int32Array(1 << 16);
  private readonly wordOf: string[] = [];
  size = 0;
  /** Receives each term's id as the text is walked. */
  onTerm: (id: number) => void = () => {};

  /** Walk `text` (not yet normalised), handing each of its terms' ids to `onTerm`, in lexicalTerms' order. */
  add(text: string, mode: LexicalMode): void {
    if (mode === 'char-bigram') visitBigramTerms(normalizeForSearch(text), this);
    else for (const w of lexicalTerms(text, mode)) this.word(w);
  }

  unigram(c: number): void {
    let id = this.unigrams[c]!;
    if (id === EMPTY) {
      id = this.newId(c, UNIGRAM);
      this.unigrams[c] = id;
    }
    this.onTerm(id);
  }

  bigram(a: number, b: number): void {
    const slots = this.slots;
    const mask = slots.length / 3 - 1;
    let h = slotOf(a, b, mask);
    for (;;) {
      const id = slots[3 * h + 2]!;
      if (id === EMPTY) break;
      if (slots[3 * h] === a && slots[3 * h + 1] === b) {
        this.onTerm(id);
        return;
      }
      h = (h + 1) & mask;
    }
    const id = this.newId(a, b);
    slots[3 * h] = a;
    slots[3 * h + 1] = b;
    slots[3 * h + 2] = id;
    if (++this.pairs * 2 > mask) this.growPairs();
    this.onTerm(id);
  }

  word(w: string): void {
    let id = this.words.get(w);
    if (id === undefined) {
      id = this.newId(this.wordOf.length, WORD);
      this.wordOf.push(w);
      this.words.set(w, id);
    }
    this.onTerm(id);
  }

  /** Empty again, keeping the tables' memory (a build reuses one table for all its runs, see PostingsBuilder). */
  reset(): void {
    for (let id = 0; id < this.size; id++) if (this.second[id] === UNIGRAM) this.unigrams[this.first[id]!] = EMPTY;
    this.slots.fill(EMPTY);
    this.pairs = 0;
    this.words.clear();
    this.wordOf.length = 0;
    this.size = 0;
  }

  /** The term of an id, as lexicalTerms spells it. */
  term(id: number): string {
    const s = this.second[id]!;
    if (s === UNIGRAM) return String.fromCodePoint(this.first[id]!);
    if (s === WORD) return this.wordOf[this.first[id]!]!;
    return String.fromCodePoint(this.first[id]!, s);
  }

  private newId(first: number, second: number): number {
    if (this.size === this.first.length) {
      this.first = grown(this.first, this.size * 2);
      this.second = grown(this.second, this.size * 2);
    }
    this.first[this.size] = first;
    this.second[this.size] = second;
    return this.size++;
  }

  private growPairs(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(EMPTY);
    const mask = slots.length / 3 - 1;
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] === EMPTY) continue;
      let h = slotOf(old[i]!, old[i + 1]!, mask);
      while (slots[3 * h + 2] !== EMPTY) h = (h + 1) & mask;
      slots.set(old.subarray(i, i + 3), 3 * h);
    }
    this.slots = slots;
  }
}

export function grown<A extends Int32Array | Uint32Array>(a: A, n: number): A {
  const b = new (a.constructor as new (n: number) => A)(n);
  b.set(a);
  return b;
}
