import { normalizeForSearch } from '../../src/text/normalize.js';
import type { LexicalMode } from '../../src/text/tokenize.js';
import { lexicalTerms } from '../../src/text/tokenize.js';

// The postings and the terms as they were built before the build was made fast (round four): strings in Maps, the
// char-bigram terms by regular expressions. Kept here as the specification the fast build must equal exactly.

const HAN_RUN = /\p{sc=Han}+/gu;
const WORD = /[\p{L}\p{N}]+(?:\.\d+)?/gu;

/** lexicalTerms' char-bigram terms as round three wrote them. */
export function referenceTerms(text: string): string[] {
  const norm = normalizeForSearch(text);
  const out: string[] = [];
  for (const m of norm.matchAll(HAN_RUN)) {
    const chars = Array.from(m[0]);
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]!);
      if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  for (const m of norm.replace(HAN_RUN, ' ').matchAll(WORD)) out.push(m[0]);
  return out;
}

export interface PlainPostings {
  terms: string[];
  starts: number[];
  docs: number[];
  tfs: number[];
  lengths: number[];
  blocks: number[];
}

/** Round three's buildPostings, as plain arrays. */
export function referencePostings(texts: string[], mode: LexicalMode, block: number): PlainPostings {
  const byTerm = new Map<string, { docs: number[]; tfs: number[] }>();
  const lengths: number[] = [];
  texts.forEach((text, doc) => {
    const toks = mode === 'char-bigram' ? referenceTerms(text) : lexicalTerms(text, mode);
    const tf = new Map<string, number>();
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, f] of tf) {
      const p = byTerm.get(t) ?? { docs: [], tfs: [] };
      byTerm.set(t, p);
      p.docs.push(doc);
      p.tfs.push(Math.min(f, 65535));
    }
    lengths.push(toks.length);
  });
  const terms = [...byTerm.keys()].sort((a, b) => (a < b ? -1 : 1));
  const out: PlainPostings = { terms, starts: [0], docs: [], tfs: [], lengths, blocks: [] };
  for (const t of terms) {
    const p = byTerm.get(t)!;
    for (let from = 0; from < p.docs.length; from += block) {
      const docs = p.docs.slice(from, from + block);
      const tfs = p.tfs.slice(from, from + block);
      out.blocks.push(docs.at(-1)!, Math.max(...tfs), Math.min(...docs.map((d) => lengths[d]!)));
    }
    for (const d of p.docs) out.docs.push(d);
    for (const f of p.tfs) out.tfs.push(f);
    out.starts.push(out.docs.length);
  }
  return out;
}
