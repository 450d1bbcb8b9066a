import { normalizeForSearch } from '../text/normalize.js';
import { tagWords } from '../text/segment.js';
import { type Span, splitSentences, trimSpan } from '../text/sentences.js';
import { needsTagging, type PersonAsked, type TypedSpan, typedSpans } from './answer-types.js';
import type { SentenceCheck } from './constraints.js';
import { namesFocus } from './focus.js';
import { onlyListed } from './mention.js';
import { type Aboutness, aboutness, type Body, bodiesIn } from './places.js';
import { holdsPredicate, type PredicateGroup } from './predicate.js';
import type { AnswerType } from './question-words.js';
import { heldIn, TermHits, type WeightedTerms } from './terms.js';

// Pick the one to three sentences that best answer a question, and quote them verbatim: every quote is a slice of
// its article's clean text, so it cannot say anything the paper did not. A sentence is judged with its context (the
// article's title and the sentence before: "体长可达10公分" answers "X的体长" in an article titled X), by whether it
// holds the type of text asked for near the question's words, and by whether it is about the body the question
// names. The answer itself is marked inside the quote.

/** An article to quote from, and the parts of it retrieval found (0 = best rank). */
export interface QuoteSource {
  articleId: string;
  title: string;
  /** The article's date ("2020-07-03", "--07-03"), if known. */
  date?: string;
  /** The section it ran in ("开发区新闻"): whose news it is, when the text does not say. */
  section?: string;
  text: string;
  /** The article's chunks, in order: a quote links to the chunk it starts in. */
  chunks: { id: string; start: number; end: number }[];
  parts: { start: number; end: number; rank: number }[];
  /** The article's text already normalised and split (IndexView keeps it for recent articles). */
  read?: { norm: string; aligned: boolean; sentences: Span[] };
}

export interface QuoteQuestion {
  terms: WeightedTerms;
  answerType: AnswerType | null;
  measure: string | null;
  /** The normalised question: its own words are never the answer. */
  question: string;
  /** Bodies the question names (开发区, 濮阳市). */
  bodies: Body[];
  /** The thing asked about ("员工" in "多少名员工"): a quote should name it. */
  focus?: string[];
  /** Numbers the question states: the quote's article should state them. */
  numbers?: string[];
  /** "什么时候能…": a time still to come, which the date of the report itself does not answer. */
  future?: boolean;
  /** The kind of thing asked for ("哪所大学" → 大学): a name of that kind answers it. */
  head?: string | null;
  /** Proper names the question states: the quote or its context (title, lead, what precedes it) should name them. */
  names?: string[];
  /** What a what-question is about: a quote that has one of them only in a list or a tally says nothing of it. */
  subjects?: string[];
  /**
   * The names and districts of the question the archive holds (恒丰电子, 南乐县): each must stand somewhere in the
   * quote's article, or the quote is about another firm or place than the question, however many words it shares.
   */
  distinct?: string[];
  /** What a who-question asks of a person (their office, or who holds one). */
  person?: PersonAsked;
  /** A yes/no question's claims (its verbs): a quote that holds none of a claim's words does not answer it. */
  predicate?: PredicateGroup[];
  /** The question's own constraints on the quote's sentence (its year, a superlative…; constraints.ts). */
  fits?: SentenceCheck;
}

export interface PickedQuote {
  articleId: string;
  chunkId: string;
  start: number;
  end: number;
  text: string;
  score: number;
  /** Share of the question's term weight the quote holds, with its context counted at half: the gate's evidence. */
  coverage: number;
  /** Strength (0–1) of the answer-type span found: 0 when the question asks for no type or none is there. */
  typed: number;
  about: Aboutness;
  /** The quote names the question's focus (true when the question has none). */
  focused: boolean;
  /** The quote's article states the question's numbers (true when it states none). */
  numbered: boolean;
  /** The quote, with its context, names the question's proper names (true when it states none). */
  named: boolean;
  /** The quote has a subject of the question only as an item of a list or a tally ("华龙区1件"). */
  listed: boolean;
  /** A name or district of the question is nowhere in the quote's article (title, section, text). */
  absent: boolean;
  /** The quote holds the yes/no question's claims (true when it asks none). */
  asserted: boolean;
  /** The answer inside the quote, as offsets into `text`. */
  mark?: Span;
}

export interface QuoteOptions {
  maxQuotes?: number;
  /** Further quotes must score at least this share of the best (default SECOND_QUOTE); 0 takes the next best. */
  closeTo?: number;
  /** Longest quote; a longer sentence is cut to its best clauses (still an exact slice). */
  maxChars?: number;
}

/** Terms found only in the quote's context (title, the sentence before) count this much. */
const CONTEXT_SHARE = 0.5;
/** How much the words beyond the subject count in choosing a sentence (not in the gate's evidence). */
const ATTRIBUTE_WEIGHT = 0.3;
/** A two-sentence quote must earn its length. */
const PAIR_COST = 0.03;
/** Further quotes must score at least this share of the best one. */
const SECOND_QUOTE = 0.7;
/** How much finding the type asked for counts, against term coverage (0–1). */
const TYPE_WEIGHT = 0.3;
/** A quote about another body than the question's. */
const OTHER_BODY = 0.25;
/** A quote naming the question's focus ("员工" in "多少名员工"). */
const FOCUS_WEIGHT = 0.1;
/** How far before a quote (and into its article's lead) the question's names may stand. */
const CONTEXT_CHARS = 150;
/** Sentences re-scored with word tagging and body checks (the rest are too weak to win). */
const RESCORE = 6;

interface Sentence extends Span {
  rank: number;
  chunkId: string;
}

interface Scored {
  src: QuoteSource;
  hits: TermHits;
  span: Span;
  chunkId: string;
  base: number;
  coverage: number;
  pair: boolean;
  typed: TypedSpan | undefined;
  about: Aboutness;
  focused: boolean;
  numbered: boolean;
  named: boolean;
  listed: boolean;
  absent: boolean;
  asserted: boolean;
  score: number;
}

/** The sentences of the parts retrieval found, each with the best rank of a part holding it. */
function sentencesOf(src: QuoteSource, lo: number, hi: number): Sentence[] {
  const out: Sentence[] = [];
  const spans = src.read
    ? src.read.sentences.filter((sp) => sp.end > lo && sp.start < hi)
    : splitSentences(src.text.slice(lo, hi)).map((sp) =>
        trimSpan(src.text, { start: lo + sp.start, end: lo + sp.end }),
      );
  for (const span of spans) {
    if (span.end - span.start < 4) continue;
    let rank = Infinity;
    for (const p of src.parts) if (span.start >= p.start && span.start < p.end) rank = Math.min(rank, p.rank);
    if (rank === Infinity) continue;
    const chunk = src.chunks.find((c) => span.start >= c.start && span.start < c.end) ?? src.chunks[0];
    out.push({ start: span.start, end: span.end, rank, chunkId: chunk?.id ?? `${src.articleId}:0` });
  }
  return out;
}

/** Cut a long span to the window of whole clauses carrying the most weight. */
function bestWindow(text: string, s: Span, max: number, weight: (s: Span) => number): Span {
  if (s.end - s.start <= max) return s;
  const clauses: Span[] = [];
  let start = s.start;
  for (let i = s.start; i < s.end; i++) {
    if ('，,；;：:'.includes(text[i]!)) {
      clauses.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  if (start < s.end) clauses.push({ start, end: s.end });
  let best: Span = { start: s.start, end: Math.min(s.end, s.start + max) };
  let bestW = -1;
  for (let i = 0; i < clauses.length; i++) {
    let j = i;
    while (j + 1 < clauses.length && clauses[j + 1]!.end - clauses[i]!.start <= max) j++;
    const span = { start: clauses[i]!.start, end: clauses[j]!.end };
    if (span.end - span.start > max) continue;
    const w = weight(span);
    if (w > bestW) {
      bestW = w;
      best = span;
    }
  }
  // Do not end a quote on a dangling comma.
  const trimmed = trimSpan(text, best);
  if (/[，,；;：:]$/u.test(text.slice(trimmed.start, trimmed.end))) trimmed.end -= 1;
  return trimmed;
}

/** A quick type check for windowing, without word tagging: does the span hold a date or a number? */
function roughType(text: string, q: QuoteQuestion): boolean {
  if (q.answerType === 'time') return /\d|[年月日]/u.test(text);
  if (q.answerType === 'number') return /\d|[一二两三四五六七八九十百千万]/u.test(text);
  return false;
}

/**
 * The first pass's evidence of a span holding the terms `own`: its coverage (the terms of its context, the title and
 * the sentence before, counted at CONTEXT_SHARE) and its attribute share, the share of the words the title does not
 * hold that the span holds. The title names the subject ("马岛灵猫"); within its article, the sentence with what is
 * asked about it ("以…为食") answers, not the one that names it again. One sweep over the terms, in their order, so
 * the sums are those of `shareOf`.
 */
export function termEvidence(
  q: WeightedTerms,
  own: boolean[],
  title: boolean[],
  prev: boolean[],
): { coverage: number; attribute: number } {
  let held = 0;
  let withContext = 0;
  let untitled = 0;
  let attribute = 0;
  for (let i = 0; i < q.weights.length; i++) {
    const w = q.weights[i]!;
    if (own[i]) held += w;
    if (own[i] || title[i] || prev[i]) withContext += w;
    if (title[i]) continue;
    untitled += w;
    if (own[i]) attribute += w;
  }
  const ownShare = q.total > 0 ? held / q.total : 0;
  const contextShare = q.total > 0 ? withContext / q.total : 0;
  return {
    coverage: ownShare + CONTEXT_SHARE * (contextShare - ownShare),
    attribute: untitled > 0 ? attribute / untitled : 0,
  };
}

const NO_TERMS: boolean[] = [];

/**
 * A sentence (or pair) judged by its terms alone, the checks of the second pass not yet made. One plain literal:
 * V8 builds objects spread from literals slowly, and this is made for every sentence of every candidate.
 */
function candidate(
  src: QuoteSource,
  hits: TermHits,
  span: Span,
  chunkId: string,
  { base, coverage, pair }: { base: number; coverage: number; pair: boolean },
): Scored {
  return {
    src,
    hits,
    span,
    chunkId,
    base,
    coverage,
    pair,
    typed: undefined,
    about: 'unknown',
    focused: true,
    numbered: true,
    named: true,
    listed: false,
    absent: false,
    asserted: true,
    score: base,
  };
}

/** First pass: term evidence of every sentence and adjacent pair, cheap enough for every candidate. */
function scoreSentences(sources: QuoteSource[], q: QuoteQuestion, maxChars: number): Scored[] {
  const out: Scored[] = [];
  for (const src of sources) scoreSource(src, q, maxChars, out);
  return out;
}

/** The first pass over one source's sentences, each alone and with the next, into `out`. */
function scoreSource(src: QuoteSource, q: QuoteQuestion, maxChars: number, out: Scored[]): void {
  const lo = Math.min(...src.parts.map((p) => p.start));
  const hi = Math.max(...src.parts.map((p) => p.end));
  const hits = src.read?.aligned
    ? new TermHits(src.text, q.terms, 0, src.read.norm)
    : new TermHits(src.text.slice(lo, hi), q.terms, lo);
  const title = heldIn(src.title, q.terms);
  const sentences = sentencesOf(src, lo, hi);
  // Which terms each sentence holds, once; a pair holds those of both.
  const flags = hits.hasEach(sentences);
  const add = (s: Sentence, raw: Span, own: boolean[], prev: boolean[], pair: boolean): void => {
    // Only a span longer than a quote is cut to its best clauses, which asks which terms the cut holds.
    const span =
      raw.end - raw.start <= maxChars
        ? raw
        : bestWindow(
            src.text,
            raw,
            maxChars,
            (w) => hits.weight(w) + (roughType(src.text.slice(w.start, w.end), q) ? 1 : 0),
          );
    const windowed = span.start !== raw.start || span.end !== raw.end;
    const { coverage, attribute } = termEvidence(q.terms, windowed ? hits.has(span) : own, title, prev);
    const base = coverage + ATTRIBUTE_WEIGHT * attribute + 0.1 / (1 + s.rank) - (pair ? PAIR_COST : 0);
    out.push(candidate(src, hits, span, s.chunkId, { base, coverage, pair }));
  };
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    const prev = i > 0 && sentences[i - 1]!.end <= s.start ? flags[i - 1]! : NO_TERMS;
    add(s, s, flags[i]!, prev, false);
    const next = sentences[i + 1];
    if (next && next.end - s.start <= maxChars) {
      const after = flags[i + 1]!;
      add(
        s,
        { start: s.start, end: next.end },
        flags[i]!.map((f, k) => f || after[k]!),
        prev,
        true,
      );
    }
  }
}

/** How far before a typed span the words it answers stand: "进口额实现17598万元", "管委会主任邵平". */
const LEAD_IN_CHARS = 8;

/**
 * The typed span to mark: the strongest; then the one the question's words lead into most (by weight, so the span
 * after "进口额" beats the one after "进出口总额", which shares only single characters with it); then the nearest.
 */
function bestTyped(spans: TypedSpan[], near: number[], hits: TermHits): TypedSpan | undefined {
  const dist = (s: TypedSpan): number =>
    near.length === 0 ? 0 : Math.min(...near.map((p) => (p < s.start ? s.start - p : p >= s.end ? p - s.end : 0)));
  // The first of a stable sort by these keys: the earliest span no other comes before.
  const keyed = spans.map((s) => ({
    s,
    leadIn: hits.weight({ start: s.start - LEAD_IN_CHARS, end: s.start }),
    dist: dist(s),
  }));
  const before = (a: (typeof keyed)[0], b: (typeof keyed)[0]): boolean =>
    (b.s.strength - a.s.strength || b.leadIn - a.leadIn || a.dist - b.dist) < 0;
  let best = keyed[0];
  for (const k of keyed) if (best && before(k, best)) best = k;
  return best?.s;
}

/** The report's own date ("7月3日，…" in an article of 07-03) says when it was written, not when a thing will be. */
function notDateline(src: QuoteSource, sp: TypedSpan): TypedSpan {
  const m = /(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/u.exec(src.text.slice(sp.start, sp.end));
  if (!m || !src.date) return sp;
  const md = `${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return src.date.endsWith(md) ? { ...sp, strength: Math.min(sp.strength, 0.3) } : sp;
}

/** Second pass on the strongest: the answer type near the question's words, and the body the passage is about. */
/** Typed spans and bodies of a stretch of text, worked out once per pick: pairs share their sentences'. */
type Memo = Map<string, { typed: TypedSpan[]; bodies?: Body[] }>;

/** The stretch's own sentences (two for a pair), so each is tagged once whatever quotes it joins. */
function pieces(c: Scored): Span[] {
  if (!c.pair || !c.src.read) return [c.span];
  const inside = c.src.read.sentences.filter((s) => s.start >= c.span.start && s.end <= c.span.end);
  return inside.length > 0 ? inside : [c.span];
}

function analysed(c: Scored, piece: Span, q: QuoteQuestion, memo: Memo): { typed: TypedSpan[]; bodies?: Body[] } {
  const key = `${c.src.articleId}:${piece.start}:${piece.end}`;
  let m = memo.get(key);
  if (!m) {
    const text = c.src.text.slice(piece.start, piece.end);
    const typed =
      q.answerType && q.answerType !== 'other'
        ? typedSpans(text, q.answerType, q.measure, q.question, q.head ?? null, q.person).map((s) => ({
            ...s,
            start: s.start + piece.start,
            end: s.end + piece.start,
          }))
        : [];
    m = { typed, ...(q.bodies.length > 0 ? { bodies: bodiesIn(text) } : {}) };
    memo.set(key, m);
  }
  return m;
}

/** A stretch of the article normalised: a slice of the normalised text kept for it, when that is offset for offset. */
function normalizedSlice(src: QuoteSource, start: number, end: number): string {
  return src.read?.aligned ? src.read.norm.slice(start, end) : normalizeForSearch(src.text.slice(start, end));
}

/**
 * Does the article name the word anywhere (title, section, text)? The raw text first; normalised only if need be. A
 * name jieba cut too long ("潘淑是", "王连字") counts when most of its two-character pieces are there (namesFocus).
 */
function inArticle(src: QuoteSource, word: string, norms: Map<string, string>): boolean {
  if (src.title.includes(word) || src.section?.includes(word) || src.text.includes(word)) return true;
  let norm = norms.get(src.articleId);
  if (norm === undefined) {
    norm = `${normalizeForSearch(src.title)}。${normalizeForSearch(src.section ?? '')}。${src.read?.norm ?? normalizeForSearch(src.text)}`;
    norms.set(src.articleId, norm);
  }
  return namesFocus(norm, word);
}

/** Does a source's article lack a name or district of the question? Worked out once per article. */
function absentFrom(q: QuoteQuestion, norms: Map<string, string>): (src: QuoteSource) => boolean {
  const seen = new Map<string, boolean>();
  return (src) => {
    if (!q.distinct?.length) return false;
    let v = seen.get(src.articleId);
    if (v === undefined) {
      v = q.distinct.some((w) => !inArticle(src, w, norms));
      seen.set(src.articleId, v);
    }
    return v;
  };
}

interface Context {
  inherited: (src: QuoteSource) => Body[];
  memo: Memo;
  /** Does the source's article lack a name or district of the question (absentFrom, once per article)? */
  absent: (src: QuoteSource) => boolean;
}

function rescore(c: Scored, q: QuoteQuestion, { inherited, memo, absent }: Context): void {
  const parts = pieces(c).map((p) => analysed(c, p, q, memo));
  const spans = parts.flatMap((p) => p.typed);
  if (spans.length > 0)
    c.typed = bestTyped(q.future ? spans.map((sp) => notDateline(c.src, sp)) : spans, c.hits.positions(c.span), c.hits);
  if (q.bodies.length > 0)
    c.about = aboutness(
      q.bodies,
      parts.flatMap((p) => p.bodies ?? []),
      () => inherited(c.src),
    );
  const spanNorm = (): string => normalizedSlice(c.src, c.span.start, c.span.end);
  const norm = q.focus?.length || q.subjects?.length ? spanNorm() : '';
  c.focused = (q.focus ?? []).every((w) => namesFocus(norm, w));
  c.listed = (q.subjects ?? []).some((w) => onlyListed(norm, w));
  c.numbered = (q.numbers ?? []).every((n) => c.src.text.includes(n));
  if (q.names?.length) {
    const before = normalizedSlice(c.src, Math.max(0, c.span.start - CONTEXT_CHARS), c.span.end);
    const context = `${normalizeForSearch(c.src.title)}。${normalizedSlice(c.src, 0, CONTEXT_CHARS)}。${before}`;
    c.named = q.names.every((n) => context.includes(n));
  }
  c.absent = absent(c.src);
  if (q.predicate?.length || q.fits) {
    const text = norm || spanNorm();
    c.asserted =
      (!q.predicate?.length || holdsPredicate(text, q.predicate, () => tagWords(text))) &&
      (q.fits?.(text, c.src) ?? true);
  }
  c.score =
    c.base +
    TYPE_WEIGHT * (c.typed?.strength ?? 0) -
    (c.about === 'other' || !c.named || c.listed || c.absent || !c.asserted ? OTHER_BODY : 0) +
    (q.focus?.length && c.focused ? FOCUS_WEIGHT : 0);
}

function toPicked(c: Scored): PickedQuote {
  const text = c.src.text.slice(c.span.start, c.span.end);
  return {
    articleId: c.src.articleId,
    chunkId: c.chunkId,
    start: c.span.start,
    end: c.span.end,
    text,
    score: c.score,
    coverage: c.coverage,
    typed: c.typed?.strength ?? 0,
    about: c.about,
    focused: c.focused,
    numbered: c.numbered,
    named: c.named,
    listed: c.listed,
    absent: c.absent,
    asserted: c.asserted,
    ...(c.typed ? { mark: { start: c.typed.start - c.span.start, end: c.typed.end - c.span.start } } : {}),
  };
}

/** The first `n` by key, highest first, ties in their order: a stable sort and a slice, the keys worked out once. */
export function firstBy<T>(items: T[], key: (x: T) => number, n: number): T[] {
  const keys = items.map(key);
  const order = items.map((_x, i) => i);
  order.sort((a, b) => keys[b]! - keys[a]! || a - b);
  return order.slice(0, n).map((i) => items[i]!);
}

/** Choose the quotes: the best, then others close to it, from different places, at most two per article. */
function choose(scored: Scored[], maxQuotes: number, closeTo = SECOND_QUOTE): PickedQuote[] {
  scored.sort((a, b) => b.score - a.score || a.span.start - b.span.start);
  const out: PickedQuote[] = [];
  const best = scored[0];
  if (!best) return out;
  for (const c of scored) {
    if (out.length >= maxQuotes || c.score < best.score * closeTo) break;
    const id = c.src.articleId;
    if (out.some((p) => p.articleId === id && p.start < c.span.end && c.span.start < p.end)) continue;
    if (out.filter((p) => p.articleId === id).length >= 2) continue;
    out.push(toPicked(c));
  }
  return out;
}

export function pickQuotes(sources: QuoteSource[], q: QuoteQuestion, o: QuoteOptions = {}): PickedQuote[] {
  const scored = scoreSentences(sources, q, o.maxChars ?? 160);

  // An article that never names the question's firm, person or place is about another: its sentences go behind
  // those of the articles that do, before the few best are looked at closely.
  const absent = absentFrom(q, new Map());
  const behind = (c: Scored): number => c.base - (absent(c.src) ? OTHER_BODY : 0);
  const lead = new Map<string, Body[]>();
  const inherited = (src: QuoteSource): Body[] => {
    let b = lead.get(src.articleId);
    if (!b) {
      b = bodiesIn(`${src.title}。${src.section ?? ''}。${src.text.slice(0, 80)}`);
      lead.set(src.articleId, b);
    }
    return b;
  };
  const deep = needsTagging(q.answerType) || q.bodies.length > 0 || q.names?.length ? RESCORE : 2 * RESCORE;
  const top = firstBy(scored, behind, deep);
  const context: Context = { inherited, memo: new Map(), absent };
  for (const c of top) rescore(c, q, context);

  return choose(top, o.maxQuotes ?? 3, o.closeTo);
}

/** The article's first sentence: its lead, as an exact slice. */
export function leadSpan(text: string, maxChars = 160): Span | undefined {
  const first = splitSentences(text)
    .map((s) => trimSpan(text, s))
    .find((s) => s.end - s.start >= 4);
  if (!first) return undefined;
  return first.end - first.start <= maxChars ? first : bestWindow(text, first, maxChars, (w) => -w.start);
}

/** The sentence holding an offset, as an exact slice (cut to its best clauses when long). */
export function sentenceAt(text: string, at: number, maxChars = 160): Span {
  const s = splitSentences(text).find((sp) => at >= sp.start && at < sp.end) ?? { start: 0, end: text.length };
  const span = trimSpan(text, s);
  return bestWindow(text, span, maxChars, (w) => (at >= w.start && at < w.end ? 1 : 0));
}
