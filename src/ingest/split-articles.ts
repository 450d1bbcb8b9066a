import { LINE_END_OK } from '../text/chars.js';
import { wordSpansJoin } from '../text/segment.js';
import { isCreditLine } from './byline.js';
import { type Block, OPENER, toBlocks, toLines } from './page-lines.js';
import { blockText, type ItemPart, itemText, lineContinues } from './paragraphs.js';

// A newspaper page as extracted from PDF is a stream of lines from several text frames. This module recovers its
// structure: blocks of lines (page-lines.ts), classified as article text, headline, credit or page furniture, then
// grouped into items (articles and photo captions). Cleaning of spaces and bylines happens later, on each item.

export type { Block, BlockKind, Line } from './page-lines.js';
export { toBlocks, toLines } from './page-lines.js';

export interface PageItem {
  /** Raw text of the item's blocks, lines joined, paragraphs separated by "\n"; spaces still as extracted. */
  raw: string;
  start: number;
  end: number;
  photo: boolean;
  /** A "本报记者 郭树勋" line that stood before the item. */
  featureCredit?: string;
  /** The photo credit block that closed the item, if it stood alone. */
  photoCredit?: string;
}

export interface HeadlineCandidate {
  /** One segment of a headline line: a line's parts separated by spaces, or a vertical headline's column. */
  text: string;
  start: number;
  end: number;
  vertical: boolean;
  /** Index of the block, to keep page order and adjacency. */
  block: number;
  /** Line of the block (or column of a vertical headline) the segment is on. */
  line: number;
  /** Headline blocks with no text between them form one run; a headline never spans two runs. */
  run: number;
}

export interface PageStructure {
  items: PageItem[];
  headlines: HeadlineCandidate[];
  furniture: string[];
}

const SENTENCE_PUNCT = /[，,。；;！？!?]/u;
const PAIRS: [string, string][] = [
  ['《', '》'],
  ['“', '”'],
  ['（', '）'],
  ['(', ')'],
  ['「', '」'],
];
/** A headline never leaves a bracket or quote open: "《…委员会2020" continues on the next line. */
const balanced = (t: string): boolean => PAIRS.every(([o, c]) => t.split(o).length === t.split(c).length);

function isFurniture(text: string): boolean {
  return /^■/u.test(text) || /^[A-Z][A-Z\s]+$/u.test(text) || text.replace(/\s/gu, '').length < 2;
}

function headlineShaped(b: Block, text: string): boolean {
  const compact = text.replace(/\s/gu, '');
  return (
    !SENTENCE_PUNCT.test(text) &&
    balanced(text) &&
    compact.length <= 60 &&
    b.lines.length <= 3 &&
    !/^[\p{P}]/u.test(compact.replace(/^[“"《]/u, ''))
  );
}

/** Classify blocks in page order; a headline needs the text before it to be complete. */
export function classify(blocks: Block[]): void {
  let prev: Block | undefined;
  for (const b of blocks) {
    const text = blockText(b);
    const credit = isCreditLine(text);
    if (isFurniture(text)) b.kind = 'furniture';
    else if (credit === 'photo') b.kind = 'credit-photo';
    else if (credit === 'feature') b.kind = 'credit-feature';
    else if (b.opens) b.kind = 'body';
    else if (b.vertical) b.kind = 'headline';
    else {
      const prevClosed =
        prev === undefined ||
        b.frameStart ||
        prev.kind !== 'body' ||
        LINE_END_OK.test(blockText(prev)) ||
        /摄$/u.test(blockText(prev));
      b.kind = headlineShaped(b, text) && prevClosed ? 'headline' : 'body';
    }
    if (b.kind !== 'furniture') prev = b;
  }
}

/** Split a whitespace-separated headline line into segments ("把好安全生产关 保持经济平稳运行" is two). */
function lineSegments(b: Block, index: number, lineNo: number, run: number): HeadlineCandidate[] {
  const line = b.lines[lineNo]!;
  const out: HeadlineCandidate[] = [];
  const re = /\S+/gu;
  for (let m = re.exec(line.text); m; m = re.exec(line.text)) {
    const start = line.start + m.index;
    out.push({ text: m[0], start, end: start + m[0].length, vertical: false, block: index, line: lineNo, run });
  }
  // Spaces between single characters or around numbers are extraction noise, not separators.
  const merged: HeadlineCandidate[] = [];
  for (const seg of out) {
    const last = merged[merged.length - 1];
    const noise =
      last &&
      (Array.from(seg.text).length < 2 ||
        Array.from(last.text).length < 2 ||
        /\d$/u.test(last.text) ||
        /^\d/u.test(seg.text));
    if (last && noise) {
      last.text += seg.text;
      last.end = seg.end;
    } else merged.push({ ...seg });
  }
  return merged;
}

export function headlineSegments(b: Block, index: number, run: number): HeadlineCandidate[] {
  if (b.vertical) {
    return (b.columns ?? [blockText(b)]).map((text, line) => ({
      text,
      start: b.start,
      end: b.end,
      vertical: true,
      block: index,
      line,
      run,
    }));
  }
  return b.lines.flatMap((_, lineNo) => lineSegments(b, index, lineNo, run));
}

interface OpenItem {
  parts: ItemPart[];
  photo: boolean;
  featureCredit?: string;
  photoCredit?: string;
}

/** Does the run of body blocks starting at `index` end, before any new item, in a photo credit? */
function captionAhead(blocks: Block[], index: number): boolean {
  for (let k = index; k < blocks.length; k++) {
    const b = blocks[k]!;
    if (k > index && (b.opens || b.frameStart || b.kind === 'headline')) return false;
    if (b.kind === 'credit-photo' || /摄$/u.test(blockText(b))) return true;
    if (b.kind !== 'body') return false;
  }
  return false;
}

/**
 * Walks the classified blocks in page order and groups them into items. Headline-shaped blocks are held as pending
 * until the next text shows what they were: headlines, the first lines of a caption, a line of the article the
 * layout wrapped, or an in-article subhead.
 */
class ItemCollector {
  readonly items: PageItem[] = [];
  readonly headlines: HeadlineCandidate[] = [];
  readonly furniture: string[] = [];
  private cur: OpenItem | undefined;
  private pendingCredit: string | undefined;
  private pending: number[] = [];
  /** Whether the pending run began right after unfinished text (not a frame start, not a vertical headline). */
  private pendingAfterText = false;
  private runs = 0;

  constructor(private readonly blocks: Block[]) {}

  read(): PageStructure {
    this.blocks.forEach((b, index) => {
      if (b.kind === 'furniture') this.furniture.push(blockText(b));
      else if (b.kind === 'headline') this.headline(b, index);
      else if (b.kind === 'credit-feature') this.featureCredit(b);
      else if (b.kind === 'credit-photo') this.photoCredit(b);
      else this.body(b, index);
    });
    this.close();
    return { items: this.items, headlines: this.headlines, furniture: this.furniture };
  }

  private close(): void {
    const cur = this.cur;
    this.cur = undefined;
    if (!cur || cur.parts.length === 0) return;
    const raw = itemText(cur.parts);
    this.items.push({
      raw,
      start: cur.parts[0]!.block.start,
      end: cur.parts[cur.parts.length - 1]!.block.end,
      photo: cur.photo || /摄\s*$/u.test(raw),
      ...(cur.featureCredit ? { featureCredit: cur.featureCredit } : {}),
      ...(cur.photoCredit ? { photoCredit: cur.photoCredit } : {}),
    });
  }

  private open(): OpenItem {
    this.close();
    this.cur = { parts: [], photo: false, ...(this.pendingCredit ? { featureCredit: this.pendingCredit } : {}) };
    this.pendingCredit = undefined;
    return this.cur;
  }

  /** The pending blocks were text after all: they are no headline candidates. */
  private unHeadline(indices: number[]): void {
    const own = new Set(indices);
    for (let h = this.headlines.length - 1; h >= 0; h--)
      if (own.has(this.headlines[h]!.block)) this.headlines.splice(h, 1);
  }

  private headline(b: Block, index: number): void {
    if (this.pending.length === 0) {
      this.pendingAfterText = this.cur !== undefined && !b.frameStart && !b.vertical;
      this.runs++;
    }
    this.headlines.push(...headlineSegments(b, index, this.runs));
    this.pending.push(index);
  }

  private featureCredit(b: Block): void {
    this.close();
    this.pending = [];
    this.pendingCredit = blockText(b);
  }

  private photoCredit(b: Block): void {
    const text = blockText(b);
    const cur = this.cur;
    if (cur && this.pending.length === 0) {
      // A credit under an article's last paragraph belongs to a caption set beside it (the Jiaozuo page's
      // "昨日,厦工机械…" then "本报记者 翟鹏程 摄"): that paragraph becomes its own photo item.
      const first = blockText(cur.parts[0]!.block).trim();
      let caption = cur;
      if (cur.parts.length > 1 && (OPENER.test(first) || cur.featureCredit)) {
        const last = cur.parts.pop()!;
        this.close();
        caption = { parts: [{ block: last.block, join: 'auto' }], photo: true };
        this.cur = caption;
      }
      caption.photo = true;
      caption.photoCredit = text;
      this.close();
    } else this.furniture.push(text);
    this.pending = [];
  }

  private body(b: Block, index: number): void {
    if (b.opens || b.frameStart || !this.cur) this.open();
    if (this.pending.length > 0 && !b.opens && !b.frameStart && this.placePending(b, index)) {
      this.pending = [];
      return;
    }
    this.pending = [];
    this.cur!.parts.push({ block: b, join: 'auto' });
    if (/摄$/u.test(blockText(b))) {
      this.cur!.photo = true;
      this.close();
    }
  }

  /**
   * Decide what the pending headline-shaped blocks before body block `b` were. Returns true when `b` itself has
   * been placed too.
   */
  private placePending(b: Block, index: number): boolean {
    const indices = this.pending;
    const lastBlock = this.blocks[indices[indices.length - 1]!]!;
    const text = blockText(b);
    const cur = this.cur;
    if (indices.length <= 2 && indices.every((k) => !this.blocks[k]!.vertical) && captionAhead(this.blocks, index)) {
      // One or two short unpunctuated lines right before an unmarked caption are the caption's own first
      // lines, wrapped around the photo ("开州路与濮范高速 / 互通立交项目位于濮范 / 高速与开州路交叉处，…摄").
      const item = this.open();
      for (const k of indices) item.parts.push({ block: this.blocks[k]!, join: 'direct' });
      this.unHeadline(indices);
      return false;
    }
    if (this.pendingAfterText && indices.length === 1 && cur && cur.parts.length > 0) {
      // One headline-shaped line between finished text and more unmarked text is part of the article: a line the
      // next one continues mid-sentence ("大力开展爱国卫生宣传教育 / 活动。"), or a subhead set off in bold
      // ("2019年及2020年上半年工作总结").
      const continues = lineContinues(lastBlock, b, cur.parts[cur.parts.length - 1]!.block);
      cur.parts.push({ block: lastBlock, join: continues ? 'auto' : 'paragraph' });
      this.unHeadline(indices);
      if (!continues) return false;
      cur.parts.push({ block: b, join: 'direct' });
      return true;
    }
    if (!lastBlock.vertical && wordSpansJoin(blockText(lastBlock), text)) {
      // The last "headline" runs on into this text ("今年预期目标：全区生产总值增速比全市高一 / 个百分点，"):
      // it is the first line of a new item; the lines before it stay headlines.
      const item = this.open();
      item.parts.push({ block: lastBlock, join: 'auto' }, { block: b, join: 'direct' });
      this.unHeadline([indices[indices.length - 1]!]);
      return true;
    }
    if (cur && cur.parts.length > 0) this.open();
    return false;
  }
}

/** The structure of one page: items in page order, headline candidates, and the furniture that was dropped. */
export function parsePage(raw: string): PageStructure {
  const blocks = toBlocks(toLines(raw));
  classify(blocks);
  return new ItemCollector(blocks).read();
}
