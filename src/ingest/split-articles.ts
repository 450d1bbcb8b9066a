import { LINE_END_OK } from '../text/chars.js';
import { wordSpansJoin } from '../text/segment.js';
import { isCreditLine } from './byline.js';
import { joinLines, stripArtifacts, undoubleLine } from './clean.js';

// A newspaper page as extracted from PDF is a stream of lines from several text frames. This module recovers its
// structure: blocks of lines, classified as article text, headline, credit or page furniture, then grouped into items
// (articles and photo captions). Cleaning of spaces and bylines happens later, on each item.

export interface Line {
  text: string;
  start: number;
  end: number;
  /** A line that starts with a space opens a new text frame in these extractions. */
  frameStart: boolean;
}

export type BlockKind = 'body' | 'headline' | 'credit-feature' | 'credit-photo' | 'furniture';

export interface Block {
  lines: Line[];
  kind: BlockKind;
  /** Opens an item: "本报讯", "又讯", or a caption marker. */
  opens: boolean;
  vertical: boolean;
  frameStart: boolean;
  start: number;
  end: number;
}

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
  /** The headline's text segments: a line's parts separated by spaces are matched separately. */
  text: string;
  start: number;
  end: number;
  vertical: boolean;
  /** Index of the block, to keep page order and adjacency. */
  block: number;
}

export interface PageStructure {
  items: PageItem[];
  headlines: HeadlineCandidate[];
  furniture: string[];
}

const OPENER = /^(?:本报讯|又讯)/u;
const CAPTION_OPENER = /^(?:[上下左右]图[：:]|图为|[↑↓←→])/u;
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

/** Split raw text into lines with offsets, repairing each line (artifacts, doubled bold type). */
export function toLines(raw: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  for (const piece of raw.split('\n')) {
    const start = pos;
    pos += piece.length + 1;
    const cleaned = undoubleLine(stripArtifacts(piece.replace(/\r$/u, '')));
    // Judge the frame start on the raw line: "�� 2020 年下半年重点工作" is a subhead, not a new frame.
    lines.push({ text: cleaned, start, end: start + piece.length, frameStart: /^[ \t\u3000]+\S/u.test(piece) });
  }
  return lines;
}

/** A cell of a vertical headline: one ideograph, perhaps with a colon or "○" ("品：", "二○"). */
const isVerticalCell = (t: string): boolean => /^[\p{sc=Han}○][：:○]?$/u.test(t.trim());

/**
 * Group lines into blocks. Blank lines separate blocks; so do frame starts, item openers and vertical headlines
 * (three or more one-character lines, blank lines allowed between them), which become one block of one line.
 */
export function toBlocks(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  let cur: Line[] = [];
  const push = (ls: Line[], vertical = false): void => {
    if (ls.length === 0) return;
    const first = ls[0]!;
    const text = ls.map((l) => l.text).join('');
    blocks.push({
      lines: ls,
      kind: 'body',
      opens: OPENER.test(text.trim()) || CAPTION_OPENER.test(text.trim()),
      vertical,
      frameStart: first.frameStart,
      start: first.start,
      end: ls[ls.length - 1]!.end,
    });
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const t = line.text.trim();
    if (isVerticalCell(t)) {
      // Gather the vertical run, skipping blank lines inside it.
      const cells: Line[] = [];
      let j = i;
      while (j < lines.length && (isVerticalCell(lines[j]!.text) || lines[j]!.text.trim() === '')) {
        if (lines[j]!.text.trim() !== '') cells.push(lines[j]!);
        j++;
      }
      if (cells.length >= 3) {
        push(cur);
        cur = [];
        const first = cells[0]!;
        const last = cells[cells.length - 1]!;
        push(
          [{ text: cells.map((c) => c.text.trim()).join(''), start: first.start, end: last.end, frameStart: false }],
          true,
        );
        i = j;
        continue;
      }
    }
    if (t === '') {
      push(cur);
      cur = [];
    } else if (line.frameStart || OPENER.test(t) || (CAPTION_OPENER.test(t) && cur.length > 0)) {
      push(cur);
      cur = [line];
    } else cur.push(line);
    i++;
  }
  push(cur);
  return blocks;
}

const blockText = (b: Block): string => b.lines.map((l) => l.text.trim()).reduce((a, t) => joinLines(a, t), '');

function isFurniture(text: string): boolean {
  return /^■/u.test(text) || /^[A-Z][A-Z\s]+$/u.test(text) || text.replace(/\s/gu, '').length < 2;
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
      const compact = text.replace(/\s/gu, '');
      const headlineShaped =
        !SENTENCE_PUNCT.test(text) &&
        balanced(text) &&
        compact.length <= 60 &&
        b.lines.length <= 3 &&
        !/^[\p{P}]/u.test(compact.replace(/^[“"《]/u, ''));
      const prevClosed =
        prev === undefined ||
        b.frameStart ||
        prev.kind !== 'body' ||
        LINE_END_OK.test(blockText(prev)) ||
        /摄$/u.test(blockText(prev));
      b.kind = headlineShaped && prevClosed ? 'headline' : 'body';
    }
    if (b.kind !== 'furniture') prev = b;
  }
}

/** Split a whitespace-separated headline line into segments ("把好安全生产关 保持经济平稳运行" is two). */
function headlineSegments(b: Block, index: number): HeadlineCandidate[] {
  if (b.vertical || b.lines.length > 1) {
    return [
      { text: blockText(b).replace(/\s+/gu, ''), start: b.start, end: b.end, vertical: b.vertical, block: index },
    ];
  }
  const line = b.lines[0]!;
  const out: HeadlineCandidate[] = [];
  const re = /\S+/gu;
  for (let m = re.exec(line.text); m; m = re.exec(line.text)) {
    out.push({
      text: m[0],
      start: line.start + m.index,
      end: line.start + m.index + m[0].length,
      vertical: false,
      block: index,
    });
  }
  // Spaces between single characters or around numbers are extraction noise, not separators.
  const merged: HeadlineCandidate[] = [];
  for (const seg of out) {
    const last = merged[merged.length - 1];
    if (
      last &&
      (Array.from(seg.text).length < 2 ||
        Array.from(last.text).length < 2 ||
        /\d$/u.test(last.text) ||
        /^\d/u.test(seg.text))
    ) {
      last.text += seg.text;
      last.end = seg.end;
    } else merged.push({ ...seg });
  }
  return merged;
}

type Join = 'auto' | 'paragraph' | 'direct';

interface OpenItem {
  parts: { block: Block; join: Join }[];
  photo: boolean;
  featureCredit?: string;
  photoCredit?: string;
}

/** Join an item's blocks: a block continues the previous paragraph unless that one ended a sentence. */
function itemText(parts: OpenItem['parts']): string {
  let raw = '';
  let prevText = '';
  let forceBreak = false;
  for (const { block, join } of parts) {
    const t = blockText(block);
    const paragraph =
      join === 'paragraph' || forceBreak || (join === 'auto' && (LINE_END_OK.test(prevText) || /摄$/u.test(prevText)));
    raw = raw === '' ? t : paragraph && join !== 'direct' ? `${raw}\n${t}` : joinLines(raw, t);
    forceBreak = join === 'paragraph';
    prevText = t;
  }
  return raw;
}

/** The structure of one page: items in page order, headline candidates, and the furniture that was dropped. */
export function parsePage(raw: string): PageStructure {
  const blocks = toBlocks(toLines(raw));
  classify(blocks);
  const items: PageItem[] = [];
  const headlines: HeadlineCandidate[] = [];
  const furniture: string[] = [];
  let cur: OpenItem | undefined;
  let pendingCredit: string | undefined;
  /** Headline-shaped blocks seen since the last body block, and whether that run began right after open text. */
  let pending: { index: number; segs: HeadlineCandidate[] }[] = [];
  let pendingAfterText = false;

  const close = (): void => {
    if (cur && cur.parts.length > 0) {
      const first = cur.parts[0]!.block;
      const last = cur.parts[cur.parts.length - 1]!.block;
      const raw = itemText(cur.parts);
      items.push({
        raw,
        start: first.start,
        end: last.end,
        photo: cur.photo || /摄\s*$/u.test(raw),
        ...(cur.featureCredit ? { featureCredit: cur.featureCredit } : {}),
        ...(cur.photoCredit ? { photoCredit: cur.photoCredit } : {}),
      });
    }
    cur = undefined;
  };
  const unHeadline = (indices: number[]): void => {
    const own = new Set(indices);
    for (let h = headlines.length - 1; h >= 0; h--) if (own.has(headlines[h]!.block)) headlines.splice(h, 1);
  };
  const open = (): OpenItem => {
    close();
    cur = { parts: [], photo: false, ...(pendingCredit ? { featureCredit: pendingCredit } : {}) };
    pendingCredit = undefined;
    return cur;
  };

  blocks.forEach((b, index) => {
    const text = blockText(b);
    switch (b.kind) {
      case 'furniture':
        furniture.push(text);
        return;
      case 'headline': {
        const segs = headlineSegments(b, index);
        if (pending.length === 0) pendingAfterText = cur !== undefined && !b.frameStart && !b.vertical;
        headlines.push(...segs);
        pending.push({ index, segs });
        return;
      }
      case 'credit-feature':
        close();
        pending = [];
        pendingCredit = text;
        return;
      case 'credit-photo':
        if (cur && pending.length === 0) {
          // A credit under an article's last paragraph belongs to a caption set beside it (the Jiaozuo page's
          // "昨日,厦工机械…" then "本报记者 翟鹏程 摄"): that paragraph becomes its own photo item.
          const first = blockText(cur.parts[0]!.block).trim();
          if (cur.parts.length > 1 && (OPENER.test(first) || cur.featureCredit)) {
            const last = cur.parts.pop()!;
            close();
            cur = { parts: [{ block: last.block, join: 'auto' }], photo: true };
          }
          cur!.photo = true;
          cur!.photoCredit = text;
          close();
        } else furniture.push(text);
        pending = [];
        return;
      case 'body': {
        if (b.opens || b.frameStart || !cur) {
          open();
        }
        if (pending.length > 0 && !b.opens && !b.frameStart) {
          const indices = pending.map((p) => p.index);
          const lastBlock = blocks[indices[indices.length - 1]!]!;
          if (pending.length <= 2 && indices.every((k) => !blocks[k]!.vertical) && captionAhead(blocks, index)) {
            // One or two short unpunctuated lines right before an unmarked caption are the caption's own first
            // lines, wrapped around the photo ("开州路与濮范高速 / 互通立交项目位于濮范 / 高速与开州路交叉处，…摄").
            const item = open();
            for (const k of indices) item.parts.push({ block: blocks[k]!, join: 'direct' });
            unHeadline(indices);
          } else if (pendingAfterText && pending.length === 1 && cur && cur.parts.length > 0) {
            // One headline-shaped line between finished text and more unmarked text is part of the article:
            // a line the layout wrapped ("围绕做好人口普查前期宣 / 传工作，") or a subhead ("2019年及2020年上半年工作总结").
            const wrapped = wordSpansJoin(blockText(lastBlock), text);
            cur.parts.push({ block: lastBlock, join: wrapped ? 'auto' : 'paragraph' });
            unHeadline(indices);
            if (wrapped) {
              cur.parts.push({ block: b, join: 'direct' });
              pending = [];
              return;
            }
          } else if (!lastBlock.vertical && wordSpansJoin(blockText(lastBlock), text)) {
            // The last "headline" runs on into this text ("今年预期目标：全区生产总值增速比全市高一 / 个百分点，"):
            // it is the first line of a new item; the lines before it stay headlines.
            const item = open();
            item.parts.push({ block: lastBlock, join: 'auto' });
            unHeadline([indices[indices.length - 1]!]);
            item.parts.push({ block: b, join: 'direct' });
            pending = [];
            return;
          } else if (cur && cur.parts.length > 0) {
            open();
          }
        }
        pending = [];
        cur!.parts.push({ block: b, join: 'auto' });
        if (/摄$/u.test(text)) {
          cur!.photo = true;
          close();
        }
        return;
      }
    }
  });
  close();
  return { items, headlines, furniture };
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
