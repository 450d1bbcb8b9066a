import { joinLines } from '../../ingest/clean.js';
import { LINE_END_OK } from '../../text/chars.js';
import type { PdfPage, Rule, TextRun } from './read-pdf.js';

// A PDF page's text runs (position, font size) → its articles. Font size tells headlines from body text and captions;
// positions give lines, columns and blocks; rules and headlines bound the articles. Newspapers are laid out in
// rectangular modules: a headline over the columns of its body. So a body block belongs to the nearest headline
// above it that spans its column with no rule between them; a block with none continues the article of the column
// to its left; a vertical headline stands to the left of its body.

export interface Line {
  text: string;
  x0: number;
  x1: number;
  /** Baseline. */
  y: number;
  size: number;
  top: number;
  bottom: number;
}

export type LineKind = 'headline' | 'body' | 'small';

export interface Block {
  kind: LineKind;
  lines: Line[];
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

export interface LaidOutArticle {
  /** Headline lines joined (kicker, headline, subtitle with a space; a wrapped line without). */
  headline?: string;
  /** Body paragraphs in reading order, lines joined. */
  paragraphs: string[];
  photo: boolean;
  /** A credit line printed apart from the body ("本报记者 郭树勋"). */
  featureCredit?: string;
  top: number;
  x0: number;
}

export interface PageLayout {
  /** Masthead and folio text: the paper, the date, the page number. */
  header: string[];
  articles: LaidOutArticle[];
  bodySize: number;
  stats: { lines: number; headlines: number; blocks: number; continued: number };
}

/** Ratios to the body font size. */
export const HEADLINE_RATIO = 1.2;
const SMALL_RATIO = 0.92;
/** Runs on one baseline closer than this (in ems) are one line; a column gutter is wider. */
const MAX_RUN_GAP = 1.0;
/** A gap this wide (ems) between runs reads as a space. */
const SPACE_GAP = 0.25;
/** Baseline to baseline (ems) within one block of body text. */
const MAX_LINE_PITCH = 2.3;

const overlap = (a0: number, a1: number, b0: number, b1: number): number =>
  Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

function crossesRule(rules: Rule[], x0: number, x1: number, y0: number, y1: number): boolean {
  return rules.some(
    (r) => r.horizontal && r.y0 > y0 && r.y0 < y1 && overlap(r.x0, r.x1, x0, x1) >= 0.5 * Math.max(1, x1 - x0),
  );
}

function ruleBetweenX(rules: Rule[], xa: number, xb: number, y: number): boolean {
  return rules.some((r) => !r.horizontal && r.x0 > xa && r.x0 < xb && r.y0 <= y && r.y1 >= y);
}

/** Runs on one baseline (within a third of their size: runs in different fonts sit a little apart), left to right. */
function baselineBands(runs: TextRun[]): TextRun[][] {
  const bands: TextRun[][] = [];
  for (const r of [...runs].sort((a, b) => a.y - b.y)) {
    const band = bands[bands.length - 1];
    if (band && r.y - band[0]!.y <= 0.35 * Math.min(band[0]!.size, r.size)) band.push(r);
    else bands.push([r]);
  }
  return bands.map((b) => b.sort((x, y) => x.x - y.x));
}

/** Runs of one line, in order; `end` is where the last one (a space included) stops. */
interface Segment {
  runs: TextRun[];
  end: number;
  size: number;
}

/**
 * A segment's text. Runs set apart by more than the line's usual spacing (plus a quarter em) have a space between
 * them: a justified line spreads its characters evenly, and only a wider gap is a space.
 */
function segmentText(seg: Segment): string {
  const gaps = seg.runs.slice(1).map((r, i) => r.x - (seg.runs[i]!.x + seg.runs[i]!.width));
  const usual = gaps.length > 0 ? [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]! : 0;
  let text = seg.runs[0]!.text;
  seg.runs.slice(1).forEach((r, i) => {
    const wide = gaps[i]! > Math.max(SPACE_GAP * seg.size, usual + SPACE_GAP * seg.size);
    text += wide && !/\s$/u.test(text) && !/^\s/u.test(r.text) ? ` ${r.text}` : r.text;
  });
  return text.replace(/\s+/gu, ' ').trim();
}

function segmentLine(seg: Segment): Line | undefined {
  const glyphs = seg.runs.filter((r) => r.text.trim() !== '');
  const text = segmentText(seg);
  if (glyphs.length === 0 || text === '') return undefined;
  const y = glyphs[0]!.y;
  const size = Math.max(...glyphs.map((r) => r.size));
  const x0 = glyphs[0]!.x;
  const x1 = Math.max(...glyphs.map((r) => r.x + r.width));
  return { text, x0, x1, y, size, top: y - 0.88 * size, bottom: y + 0.12 * size };
}

/**
 * Runs → lines: same baseline, similar size, close enough and no vertical rule between them. Spaces count as runs
 * for closeness (a byline's "记者 王金勇" set out across a justified line) but not for a line's edges (an indent of
 * ideographic spaces still reads as an indent).
 */
export function toLines(runs: TextRun[], rules: Rule[]): Line[] {
  const segments: Segment[] = [];
  for (const band of baselineBands(runs)) {
    const open: Segment[] = [];
    for (const r of band) {
      // Compressed CJK punctuation lets a run start up to an em before the previous one's advance ends.
      const seg = open.find(
        (g) =>
          Math.abs(g.size - r.size) <= 0.2 * Math.max(g.size, r.size) &&
          r.x - g.end >= -1.0 * r.size &&
          r.x - g.end <= MAX_RUN_GAP * r.size &&
          !ruleBetweenX(rules, g.end - 1, r.x + 1, r.y),
      );
      if (seg) {
        seg.runs.push(r);
        seg.end = Math.max(seg.end, r.x + r.width);
      } else {
        const g = { runs: [r], end: r.x + r.width, size: r.size };
        segments.push(g);
        open.push(g);
      }
    }
  }
  return segments.map(segmentLine).filter((l): l is Line => l !== undefined);
}

/** The body font size: the size most characters are set in. */
export function bodySizeOf(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const k = Math.round(l.size * 4) / 4;
    weight.set(k, (weight.get(k) ?? 0) + Array.from(l.text).length);
  }
  let best = 0;
  let size = 10;
  for (const [k, w] of weight) if (w > best) [best, size] = [w, k];
  return size;
}

export function kindOf(l: Line, body: number): LineKind {
  if (l.size >= HEADLINE_RATIO * body) return 'headline';
  if (l.size <= SMALL_RATIO * body) return 'small';
  return 'body';
}

/** The masthead's lower edge: the first wide rule in the top fifth of the page, or the top 8% when there is none. */
function headerBottom(page: PdfPage): number {
  const wide = page.rules
    .filter((r) => r.horizontal && r.x1 - r.x0 >= 0.6 * page.width && r.y0 <= 0.2 * page.height)
    .sort((a, b) => a.y0 - b.y0);
  return wide[0]?.y0 ?? 0.08 * page.height;
}

/** The folio's upper edge: the last wide rule in the bottom tenth, or the page's foot. */
function footerTop(page: PdfPage): number {
  const wide = page.rules
    .filter((r) => r.horizontal && r.x1 - r.x0 >= 0.6 * page.width && r.y0 >= 0.9 * page.height)
    .sort((a, b) => b.y0 - a.y0);
  return wide[0]?.y0 ?? page.height;
}

function blockOf(kind: LineKind, line: Line): Block {
  return { kind, lines: [line], x0: line.x0, x1: line.x1, top: line.top, bottom: line.bottom };
}

function extend(b: Block, l: Line): void {
  b.lines.push(l);
  b.x0 = Math.min(b.x0, l.x0);
  b.x1 = Math.max(b.x1, l.x1);
  b.bottom = Math.max(b.bottom, l.bottom);
}

/** Body or caption lines → blocks: lines of one column, one under the other at the text's line pitch. */
function textBlocks(lines: Line[], kind: LineKind, rules: Rule[], barriers: Line[]): Block[] {
  const blocks: Block[] = [];
  for (const l of [...lines].sort((a, b) => a.top - b.top || a.x0 - b.x0)) {
    let best: { b: Block; ov: number } | undefined;
    for (const b of blocks) {
      const last = b.lines[b.lines.length - 1]!;
      const pitch = l.y - last.y;
      const ov = overlap(l.x0, l.x1, last.x0, last.x1);
      if (pitch <= 0.5 * l.size || pitch > MAX_LINE_PITCH * l.size) continue;
      // One column: overlapping, or starting together (give or take a paragraph indent) when a line is short.
      const aligned = Math.abs(l.x0 - b.x0) <= 2.5 * l.size;
      if (!aligned && ov < 0.5 * Math.min(l.x1 - l.x0, last.x1 - last.x0)) continue;
      if (crossesRule(rules, Math.max(l.x0, last.x0), Math.min(l.x1, last.x1), last.y, l.top)) continue;
      if (
        barriers.some((h) => h.top >= last.bottom - 1 && h.bottom <= l.top + 1 && overlap(h.x0, h.x1, l.x0, l.x1) > 0)
      )
        continue;
      if (!best || ov > best.ov || (ov === best.ov && aligned)) best = { b, ov };
    }
    if (best) extend(best.b, l);
    else blocks.push(blockOf(kind, l));
  }
  return blocks;
}

/** Headline lines → headlines: lines stacked close together (a kicker, the headline, its subtitle; a vertical one). */
function headlineBlocks(lines: Line[], rules: Rule[]): Block[] {
  const blocks: Block[] = [];
  for (const l of [...lines].sort((a, b) => a.top - b.top || a.x0 - b.x0)) {
    const b = blocks.find((x) => {
      const last = x.lines[x.lines.length - 1]!;
      const gap = l.top - last.bottom;
      const size = Math.max(l.size, last.size);
      return (
        gap >= -0.3 * size &&
        gap <= 0.8 * size &&
        overlap(l.x0, l.x1, x.x0, x.x1) > 0 &&
        !crossesRule(rules, Math.max(l.x0, x.x0), Math.min(l.x1, x.x1), last.bottom, l.top)
      );
    });
    if (b) extend(b, l);
    else blocks.push(blockOf('headline', l));
  }
  return blocks;
}

/** A vertical headline: three or more one-character lines stacked. */
const isVertical = (h: Block): boolean =>
  h.lines.length >= 3 && h.lines.every((l) => Array.from(l.text.replace(/\s/gu, '')).length <= 2);

export function headlineText(h: Block): string {
  if (isVertical(h)) return h.lines.map((l) => l.text).join('');
  let out = '';
  h.lines.forEach((l, i) => {
    const prev = h.lines[i - 1];
    if (!prev) out = l.text;
    else if (Math.abs(prev.size - l.size) < 0.5) out = joinLines(out, l.text);
    else out = `${out} ${l.text}`;
  });
  return out;
}

/** The headline above a block: spanning its column, nearest, no rule between; else a vertical one to its left. */
function ownerOf(b: Block, heads: Block[], rules: Rule[]): number | undefined {
  let best: number | undefined;
  heads.forEach((h, i) => {
    if (isVertical(h)) return;
    if (h.bottom > b.top + 0.5 * b.lines[0]!.size) return;
    if (overlap(h.x0, h.x1, b.x0, b.x1) < 0.5 * (b.x1 - b.x0)) return;
    if (crossesRule(rules, b.x0, b.x1, h.bottom, b.top)) return;
    if (best === undefined || h.bottom > heads[best]!.bottom) best = i;
  });
  if (best !== undefined) return best;
  heads.forEach((h, i) => {
    if (!isVertical(h) || h.x1 > b.x0 + b.lines[0]!.size) return;
    if (overlap(h.top, h.bottom, b.top, b.bottom) <= 0) return;
    if (rules.some((r) => !r.horizontal && r.x0 > h.x1 && r.x0 < b.x0 && overlap(r.y0, r.y1, b.top, b.bottom) > 0))
      return;
    if (best === undefined || h.x1 > heads[best]!.x1) best = i;
  });
  return best;
}

/**
 * A block with no headline over it continues an article from the column to its left: in a module, the block level
 * with it (a short headline need not reach the module's last column); in columns that snake, the text that ends that
 * column, when this block starts its own. Never across a vertical rule.
 */
function continuedFrom(b: Block, placed: { block: Block; article: number }[], rules: Rule[]): number | undefined {
  const size = b.lines[0]!.size;
  const width = Math.max(b.x1 - b.x0, 8 * size);
  const ruled = (p: { block: Block }): boolean =>
    rules.some((r) => !r.horizontal && r.x0 > p.block.x1 && r.x0 < b.x0 && overlap(r.y0, r.y1, b.top, b.bottom) > 0);
  const left = placed.filter((p) => p.block.x1 <= b.x0 + size && p.block.x1 >= b.x0 - 1.5 * width && !ruled(p));
  if (left.length === 0) return undefined;
  const nearest = Math.max(...left.map((p) => p.block.x1));
  const column = left.filter((p) => p.block.x1 >= nearest - 3 * size).sort((p, q) => q.block.bottom - p.block.bottom);
  const level = column.find((p) => p.block.top <= b.top + size && p.block.bottom >= b.top - size);
  if (level) return level.article;
  const above = placed.some(
    (p) => p.block.bottom <= b.top && overlap(p.block.x0, p.block.x1, b.x0, b.x1) > 0.5 * (b.x1 - b.x0),
  );
  return above ? undefined : column[0]?.article;
}

const columnOrder = (a: Block, b: Block): number =>
  Math.abs(a.x0 - b.x0) > a.lines[0]!.size ? a.x0 - b.x0 : a.top - b.top;

/**
 * Lines → paragraphs: a paragraph starts indented, or after a line that ends a sentence short of the column's edge
 * (a line that stops short without ending one was only wrapped early: "“" may not end a line, "。" not start one).
 */
export function paragraphsOf(blocks: Block[]): string[] {
  const paragraphs: string[] = [];
  let cur = '';
  let endedShort = true;
  for (const b of [...blocks].sort(columnOrder)) {
    b.lines.forEach((l) => {
      const indented = l.x0 >= b.x0 + 0.9 * l.size;
      if ((indented || endedShort) && cur) {
        paragraphs.push(cur);
        cur = '';
      }
      cur = joinLines(cur, l.text);
      endedShort = l.x1 < b.x1 - 1.5 * l.size && LINE_END_OK.test(l.text);
    });
  }
  if (cur) paragraphs.push(cur);
  return paragraphs;
}

interface Draft {
  head?: Block;
  blocks: Block[];
  photo: boolean;
  credit?: string;
}

function assemble(drafts: Draft[]): LaidOutArticle[] {
  return drafts
    .filter((d) => d.blocks.length > 0)
    .map((d) => {
      const first = d.head ?? [...d.blocks].sort((a, b) => a.top - b.top)[0]!;
      return {
        ...(d.head ? { headline: headlineText(d.head) } : {}),
        paragraphs: paragraphsOf(d.blocks),
        photo: d.photo,
        ...(d.credit ? { featureCredit: d.credit } : {}),
        top: first.top,
        x0: first.x0,
      };
    })
    .sort((a, b) => (Math.abs(a.top - b.top) > 20 ? a.top - b.top : a.x0 - b.x0));
}

const CREDIT_LINE = /^(?:本报|特约)?记者\s*[\p{sc=Han}·\s]{2,30}$/u;

/** Lay out one page: header text apart, then headlines, body blocks and captions into articles. */
export function layoutPage(page: PdfPage): PageLayout {
  const all = toLines(page.runs, page.rules);
  const top = headerBottom(page);
  const foot = footerTop(page);
  const header = all.filter((l) => l.bottom <= top + 1 || l.top >= foot - 1);
  const lines = all.filter((l) => !header.includes(l));
  const body = bodySizeOf(lines);
  const byKind = (k: LineKind): Line[] => lines.filter((l) => kindOf(l, body) === k);
  const heads = headlineBlocks(byKind('headline'), page.rules);
  const headLines = heads.flatMap((h) => h.lines);
  const bodyBlocks = textBlocks(byKind('body'), 'body', page.rules, headLines);
  const small = textBlocks(byKind('small'), 'small', page.rules, headLines);
  const drafts: Draft[] = heads.map((h) => ({ head: h, blocks: [], photo: false }));
  const placed: { block: Block; article: number }[] = [];
  const orphans: Block[] = [];
  for (const b of bodyBlocks) {
    const owner = ownerOf(b, heads, page.rules);
    if (owner === undefined) orphans.push(b);
    else {
      drafts[owner]!.blocks.push(b);
      placed.push({ block: b, article: owner });
    }
  }
  let continued = 0;
  for (const b of orphans.sort(columnOrder)) {
    const from = continuedFrom(b, placed, page.rules);
    if (from !== undefined) continued++;
    const article = from ?? drafts.push({ blocks: [], photo: false }) - 1;
    drafts[article]!.blocks.push(b);
    placed.push({ block: b, article });
  }
  for (const b of small) {
    const text = b.lines.map((l) => l.text).join('');
    const owner = CREDIT_LINE.test(text) ? ownerOf(b, heads, page.rules) : undefined;
    if (owner !== undefined) drafts[owner]!.credit = text;
    else drafts.push({ blocks: [b], photo: true });
  }
  return {
    header: header.sort((a, b) => a.top - b.top || a.x0 - b.x0).map((l) => l.text),
    articles: assemble(drafts),
    bodySize: body,
    stats: { lines: all.length, headlines: heads.length, blocks: bodyBlocks.length + small.length, continued },
  };
}
