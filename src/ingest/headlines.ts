import { munkres } from 'munkres';
import { normalizeForSearch } from '../text/normalize.js';
import type { HeadlineCandidate } from './split-articles.js';

// Headlines on these pages stand before their article, after it, or gathered at the page's end. Position is no
// guide, so a headline goes to the article whose text it best summarises: the share of the headline's character
// bigrams (weighted by how rare they are on the page) found in the article. Then:
//  1. segments of a headline run that go to the same item, with the weak ones printed beside them, form one headline;
//  2. headlines and items are matched one to one (an assignment problem: the best total score, each item at most
//     one headline, each headline at most one item);
//  3. a headline left over that matches several neighbouring items, each with its own, is their group headline
//     (a banner over them), not a fragment of one of their titles.

export interface ScoredItem {
  text: string;
  start: number;
}

/** Score needed for a headline to be attached at all; below it the line is page furniture (a slogan). */
export const MIN_HEADLINE_SCORE = 0.35;
/** Headlines stand next to their article far more often than not: the items just before and after get this bonus. */
const ADJACENT_BONUS = 0.1;
/** A segment shorter than this ("强党建", "集中开工") says little on its own: it goes with its neighbour on the line. */
const SHORT = 5;

const bigrams = (s: string): Set<string> => {
  const t = Array.from(normalizeForSearch(s).replace(/[^\p{L}\p{N}]/gu, ''));
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t[i]! + t[i + 1]!);
  return out;
};

const counts = (s: string): Map<string, number> => {
  const t = Array.from(normalizeForSearch(s).replace(/[^\p{L}\p{N}]/gu, ''));
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < t.length; i++) out.set(t[i]! + t[i + 1]!, (out.get(t[i]! + t[i + 1]!) ?? 0) + 1);
  return out;
};

/** With `repeats`, a bigram counts more the more often the item uses it, up to this many times: its subject. */
const REPEAT_CAP = 3;

/**
 * Scores a text against each item of a page: the rarity-weighted share of its bigrams found there. `at`: where the
 * text stands on the page (the items just before and after get a bonus). `repeats`: weigh each bigram by how often
 * the item uses it (for a caption, which names its article's subject: "图为恒丰电子的员工…").
 */
export function pageScorer(
  items: ScoredItem[],
  opts: { repeats?: boolean } = {},
): (text: string, at?: number) => number[] {
  // Postings: for each bigram, the items that hold it and how often.
  const postings = new Map<string, [item: number, n: number][]>();
  items.forEach((it, i) => {
    for (const [b, n] of counts(it.text)) {
      const list = postings.get(b);
      if (list) list.push([i, n]);
      else postings.set(b, [[i, n]]);
    }
  });
  // A bigram found in no item tells nothing about where the headline goes; it only dilutes the score a little.
  const idf = (b: string): number => {
    const df = postings.get(b)?.length;
    return df ? Math.log(1 + items.length / df) : 1;
  };
  const weight = (n: number): number => (opts.repeats ? Math.min(n, REPEAT_CAP) / REPEAT_CAP : 1);
  return (text, at) => {
    const hb = [...bigrams(text)];
    const total = hb.reduce((s, b) => s + idf(b), 0);
    const scores = items.map(() => 0);
    if (total === 0) return scores;
    for (const b of hb) for (const [i, n] of postings.get(b) ?? []) scores[i]! += (idf(b) * weight(n)) / total;
    const before = at === undefined ? -1 : items.reduce((k, it, i) => (it.start < at ? i : k), -1);
    const after = at === undefined ? -1 : items.findIndex((it) => it.start > at);
    for (const i of [before, after]) if (i >= 0 && scores[i]! > 0.2) scores[i]! += ADJACENT_BONUS;
    return scores;
  };
}

export interface HeadlineUnit {
  segments: HeadlineCandidate[];
  text: string;
}

const best = (scores: number[]): { item: number; score: number } =>
  scores.reduce((b, s, i) => (s > b.score ? { item: i, score: s } : b), { item: -1, score: 0 });

/** Step 1 within one line: anchored segments by item, the weak and short ones joining a neighbour. */
function blockUnits(segs: HeadlineCandidate[], bestOf: (s: HeadlineCandidate) => number): HeadlineCandidate[][] {
  const anchor = segs.map((s) => {
    const item = bestOf(s);
    return item >= 0 && Array.from(s.text).length >= SHORT ? item : -1;
  });
  if (anchor.every((a) => a < 0)) {
    // No segment long enough to place: short ones placed by themselves decide ("区纪工委").
    const placed = segs.map(bestOf);
    if (placed.every((p) => p === placed[0])) return [segs];
    return segs.map((s) => [s]);
  }
  // A weak segment follows the anchored one before it on the line, or, at the start, the first one after it.
  const firstAnchor = anchor.findIndex((a) => a >= 0);
  for (let i = 0; i < anchor.length; i++)
    if (anchor[i]! < 0) anchor[i] = i < firstAnchor ? anchor[firstAnchor]! : anchor[i - 1]!;
  const units: HeadlineCandidate[][] = [];
  segs.forEach((s, i) => {
    if (i > 0 && anchor[i] === anchor[i - 1]) units[units.length - 1]!.push(s);
    else units.push([s]);
  });
  return units;
}

/**
 * Step 1: the headlines of a page. Segments of one block form units by item; units of adjacent blocks of one run
 * that go to the same item join (a headline printed over two lines), unless one of them matches several items.
 */
export function headlineUnits(
  candidates: HeadlineCandidate[],
  scoreOf: (h: HeadlineCandidate) => number[],
): HeadlineUnit[] {
  const memo = new Map<string, number[]>();
  const score = (h: HeadlineCandidate): number[] => {
    const key = `${h.start}\u0000${h.text}`;
    if (!memo.has(key)) memo.set(key, scoreOf(h));
    return memo.get(key)!;
  };
  const placed = (s: HeadlineCandidate): number => {
    const b = best(score(s));
    return b.score >= MIN_HEADLINE_SCORE ? b.item : -1;
  };
  const blocks = new Map<number, HeadlineCandidate[]>();
  for (const c of candidates) blocks.set(c.block, [...(blocks.get(c.block) ?? []), c]);
  // Headlines side by side on one printed line may belong to different items; the lines or columns of one block
  // are one headline.
  const oneLine = (segs: HeadlineCandidate[]): boolean => segs.every((s) => s.line === segs[0]!.line && !s.vertical);
  const units: HeadlineCandidate[][] = [...blocks.values()].flatMap((segs) =>
    oneLine(segs) ? blockUnits(segs, placed) : [segs],
  );
  const textOf = (u: HeadlineCandidate[]): string => u.map((s) => s.text).join('');
  const merged: HeadlineCandidate[][] = [];
  for (const u of units) {
    const last = merged[merged.length - 1];
    const joins =
      last !== undefined &&
      last[0]!.run === u[0]!.run &&
      sharedBy(score({ ...u[0]!, text: textOf(last) })) < 2 &&
      sharedBy(score({ ...u[0]!, text: textOf(u) })) < 2 &&
      placedUnit(last, score) >= 0 &&
      placedUnit(last, score) === placedUnit(u, score);
    if (joins) last.push(...u);
    else merged.push([...u]);
  }
  return merged.map((segments) => ({ segments, text: segments.map((s) => s.text).join(' ') }));
}

function placedUnit(u: HeadlineCandidate[], score: (h: HeadlineCandidate) => number[]): number {
  const b = best(score({ ...u[0]!, text: u.map((s) => s.text).join('') }));
  return b.score >= MIN_HEADLINE_SCORE ? b.item : -1;
}

/** How many items a text matches about as well as its best one: more than one is a banner over them. */
function sharedBy(scores: number[]): number {
  const top = best(scores).score;
  if (top < MIN_HEADLINE_SCORE) return 0;
  return scores.filter((s) => s >= MIN_HEADLINE_SCORE && s >= top * 0.6).length;
}

export interface Assignment {
  /** For each item, the index of its headline unit, if any. */
  headlineOf: (number | undefined)[];
  /** For each item, the index of the unit that is its group headline, if any. */
  groupOf: (number | undefined)[];
  /** Units that went nowhere: page furniture. */
  unplaced: number[];
}

/** Steps 2 and 3: one headline per item at most, at the best total score; leftovers that span items are banners. */
export function assignUnits(
  units: HeadlineUnit[],
  itemCount: number,
  score: (u: HeadlineUnit) => number[],
): Assignment {
  const matrix = units.map((u) => score(u));
  const headlineOf: (number | undefined)[] = Array.from({ length: itemCount }, () => undefined);
  const groupOf: (number | undefined)[] = Array.from({ length: itemCount }, () => undefined);
  const all = Array.from({ length: itemCount }, (_, i) => i);
  for (const [u, i] of bestMatching(
    units.map((_, u) => u),
    all,
    matrix,
    MIN_HEADLINE_SCORE,
  ))
    headlineOf[i] = u;
  const used = new Set(headlineOf.filter((u) => u !== undefined));
  const left: number[] = [];
  units.forEach((_, u) => {
    if (used.has(u)) return;
    const over = bannerItems(matrix[u]!, headlineOf, groupOf);
    if (over.length >= 2) for (const i of over) groupOf[i] = u;
    else left.push(u);
  });
  return { headlineOf, groupOf, unplaced: placeLeftovers(left, matrix, headlineOf) };
}

/**
 * A headline still left over goes to an item still untitled that it fits less well but clearly: its best match had
 * its own headline ("培育绿色产业 助推经济发展" shares more words with the article beside the photo it heads).
 */
const LEFTOVER_SCORE = MIN_HEADLINE_SCORE * 0.7;

function placeLeftovers(left: number[], matrix: number[][], headlineOf: (number | undefined)[]): number[] {
  const free = headlineOf.flatMap((h, i) => (h === undefined ? [i] : []));
  if (left.length === 0 || free.length === 0) return left;
  const placed = new Set<number>();
  for (const [u, i] of bestMatching(left, free, matrix, LEFTOVER_SCORE)) {
    headlineOf[i] = u;
    placed.add(u);
  }
  return left.filter((u) => !placed.has(u));
}

/**
 * The pairs (row, column) of the best total weight, each row and column used once, counting only weights of at
 * least `min`. Solved per connected group of rows and columns (a headline competes only for the few items it fits),
 * so a page of hundreds of items costs no more than its groups.
 */
function bestMatching(rows: number[], cols: number[], w: number[][], min: number): [number, number][] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  const edges = rows.flatMap((r) => cols.filter((c) => w[r]![c]! >= min).map((c): [number, number] => [r, c]));
  for (const [r, c] of edges) for (const k of [`r${r}`, `c${c}`]) if (!parent.has(k)) parent.set(k, k);
  for (const [r, c] of edges) parent.set(find(`r${r}`), find(`c${c}`));
  const groups = new Map<string, { rows: Set<number>; cols: Set<number> }>();
  for (const [r, c] of edges) {
    const g = groups.get(find(`r${r}`)) ?? { rows: new Set(), cols: new Set() };
    g.rows.add(r);
    g.cols.add(c);
    groups.set(find(`r${r}`), g);
  }
  return [...groups.values()].flatMap((g) => {
    const rs = [...g.rows];
    const cs = [...g.cols];
    const cost = rs.map((r) => cs.map((c) => (w[r]![c]! >= min ? -w[r]![c]! : 0)));
    return munkres(cost)
      .map(([i, j]): [number, number] => [rs[i]!, cs[j]!])
      .filter(([r, c]) => w[r]![c]! >= min);
  });
}

/** The run of neighbouring items, each with its own headline and no group yet, that a left-over headline spans. */
function bannerItems(scores: number[], headlineOf: (number | undefined)[], groupOf: (number | undefined)[]): number[] {
  const top = best(scores);
  if (top.score < MIN_HEADLINE_SCORE) return [];
  const fits = (i: number): boolean =>
    i >= 0 &&
    i < scores.length &&
    scores[i]! >= MIN_HEADLINE_SCORE * 0.6 &&
    headlineOf[i] !== undefined &&
    groupOf[i] === undefined;
  if (!fits(top.item)) return [];
  let lo = top.item;
  let hi = top.item;
  while (fits(lo - 1)) lo--;
  while (fits(hi + 1)) hi++;
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
}

export interface Headline {
  /** A line read before the headline ("全市唯一———", "区纪工委"). */
  kicker?: string;
  main: string;
  /** A secondary line read after it ("——开发区召开…大会" under "凝心聚力谋发展 砥砺前行谱新篇"). */
  subhead?: string;
}

/** A kicker is marked by a trailing dash, or is a short line (a unit's name) set above a longer one. */
const KICKER_MAX = 6;
/** A subhead is the long factual line under a short main line, or one that opens with a dash. */
const SUBHEAD_MIN = 12;

/** The printed lines of a unit: segments of one line or column joined by a space, lines of one block run on. */
function unitLines(segs: HeadlineCandidate[], clean: (s: string) => string): { text: string; block: number }[] {
  const lines: { text: string; block: number; line: number }[] = [];
  for (const s of [...segs].sort((a, b) => a.start - b.start || a.line - b.line)) {
    const last = lines[lines.length - 1];
    if (last && last.block === s.block && last.line === s.line) last.text = `${last.text} ${clean(s.text)}`;
    else lines.push({ text: clean(s.text), block: s.block, line: s.line });
  }
  // Two long lines of one block are one headline wrapped; short ones (≤ 8) are the halves of a couplet.
  const out: { text: string; block: number }[] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    const wrapped = last && last.block === l.block && len(last.text) >= 9 && len(l.text) >= 9;
    if (last && wrapped) last.text += l.text;
    else out.push({ text: l.text, block: l.block });
  }
  return out;
}

const len = (s: string): number => Array.from(s).length;
const DASHED_END = /[—－-]{1,}$/u;

/** A unit's headline: its lines in reading order, the kicker first, the main line, then a subhead. */
export function composeHeadline(unit: HeadlineUnit, clean: (s: string) => string = (s) => s): Headline {
  const lines = unitLines(unit.segments, clean).map((l) => l.text);
  const kickers = lines.filter((l) => DASHED_END.test(l));
  let rest = lines.filter((l) => !DASHED_END.test(l));
  const shortFirst = rest.length > 1 && len(rest[0]!) <= KICKER_MAX && !/[：:]$/u.test(rest[0]!);
  if (kickers.length === 0 && shortFirst && len(rest[1]!) > len(rest[0]!)) kickers.push(rest.shift()!);
  let subhead: string | undefined;
  const last = rest[rest.length - 1];
  if (last && rest.length > 1) {
    const others = Math.max(...rest.slice(0, -1).map(len));
    if (/^[—－-]/u.test(last) || (len(last) >= SUBHEAD_MIN && len(last) >= others * 1.5)) {
      subhead = last.replace(/^[—－-]+/u, '');
      rest = rest.slice(0, -1);
    }
  }
  const main = joinHeadlineLines(rest);
  return { ...(kickers.length > 0 ? { kicker: kickers.join(' ') } : {}), main, ...(subhead ? { subhead } : {}) };
}

/** Lines of one headline as one line: a space between them, none after a colon. */
const joinHeadlineLines = (lines: string[]): string =>
  lines.reduce((a, l) => (a === '' ? l : /[：:]$/u.test(a) ? a + l : `${a} ${l}`), '');

/** The title as a reader sees the headline: "kicker main——subhead". */
export function headlineTitle(h: Headline): string {
  return `${h.kicker ? `${h.kicker} ` : ''}${h.main}${h.subhead ? `——${h.subhead}` : ''}`;
}
