import { wordSpansJoin } from '../text/segment.js';
import { stripArtifacts, undoubleLine } from './clean.js';

// The first steps of reading a page: its printed lines, repaired one by one, then blocks of lines (what a blank line,
// a new text frame or a vertical headline separates).

export interface Line {
  text: string;
  start: number;
  end: number;
  /** A line that starts with a space opens a new text frame in these extractions. */
  frameStart: boolean;
  /** Printed in bold (extraction doubled its characters) or after a symbol-font bullet: set off from the body. */
  emphasis: boolean;
}

export interface Block {
  lines: Line[];
  kind: BlockKind;
  /** Opens an item: "本报讯", "又讯", or a caption marker. */
  opens: boolean;
  vertical: boolean;
  /** A vertical headline's columns, as the page set them (one headline line each). */
  columns?: string[];
  frameStart: boolean;
  start: number;
  end: number;
}

export type BlockKind = 'body' | 'headline' | 'credit-feature' | 'credit-photo' | 'furniture';

export const OPENER = /^(?:本报讯|又讯)/u;
export const CAPTION_OPENER = /^(?:[上下左右]图[：:]|图为|[↑↓←→])/u;
/** Glyphs of symbol fonts (bullets) that extraction turns into replacement or private-use characters. */
const BULLET_GLYPH = /^[\s\ufffd\ue000-\uf8ff]*[\ufffd\ue000-\uf8ff]/u;

/** Split raw text into lines with offsets, repairing each line (artifacts, doubled bold type). */
export function toLines(raw: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  for (const piece of raw.split('\n')) {
    const start = pos;
    pos += piece.length + 1;
    const stripped = stripArtifacts(piece.replace(/\r$/u, ''));
    const cleaned = undoubleLine(stripped);
    lines.push({
      text: cleaned,
      start,
      end: start + piece.length,
      // Judge the frame start on the raw line: "�� 2020 年下半年重点工作" is a subhead, not a new frame.
      frameStart: /^[ \t\u3000]+\S/u.test(piece),
      emphasis: cleaned !== stripped || BULLET_GLYPH.test(piece),
    });
  }
  return lines;
}

/**
 * How wide a line prints, in ideograph widths: CJK characters and full-width marks 1, ASCII letters, digits and
 * marks ½, spaces nothing (in these extractions most spaces are not printed ones).
 */
export function printedWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    if (/\s/u.test(ch)) continue;
    w += ch.charCodeAt(0) < 0x7f ? 0.5 : 1;
  }
  return w;
}

/** A cell of a vertical headline: one ideograph, perhaps with a colon or "○" ("品：", "二○"). */
const isVerticalCell = (t: string): boolean => /^[\p{sc=Han}○][：:○]?$/u.test(t.trim());
const NUMERAL = /[一二三四五六七八九十百千万○〇零两\d]/u;
/** Fewer characters than this cannot be a column of their own: the blank line before them is extraction noise. */
const MIN_COLUMN = 4;

/**
 * A vertical headline's columns. Extraction leaves blank lines both between columns and at random inside one, so a
 * blank line separates columns only where both sides could stand alone: at least MIN_COLUMN characters, and no
 * word or number running across ("二○ / 一九年度", "暨二○二○ / 年下半年").
 */
export function verticalColumns(pieces: string[]): string[] {
  const out: string[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    const runsOn =
      last !== undefined &&
      (Array.from(last).length < MIN_COLUMN ||
        Array.from(piece).length < MIN_COLUMN ||
        (NUMERAL.test(last.slice(-1)) && /^[一二三四五六七八九十○〇零两\d年月日]/u.test(piece)) ||
        wordSpansJoin(last, piece));
    if (runsOn) out[out.length - 1] = last + piece;
    else out.push(piece);
  }
  return out;
}

/** The vertical run starting at line i (blank lines allowed inside), or undefined if there is none. */
function verticalRun(lines: Line[], i: number): { cells: Line[]; pieces: string[]; next: number } | undefined {
  if (!isVerticalCell(lines[i]!.text)) return undefined;
  const cells: Line[] = [];
  const pieces: string[] = [''];
  let j = i;
  while (j < lines.length && (isVerticalCell(lines[j]!.text) || lines[j]!.text.trim() === '')) {
    const t = lines[j]!.text.trim();
    if (t === '') pieces.push('');
    else {
      cells.push(lines[j]!);
      pieces[pieces.length - 1] += t;
    }
    j++;
  }
  return cells.length >= 3 ? { cells, pieces: pieces.filter(Boolean), next: j } : undefined;
}

function makeBlock(lines: Line[], vertical = false, columns?: string[]): Block {
  const first = lines[0]!;
  const text = lines
    .map((l) => l.text)
    .join('')
    .trim();
  return {
    lines,
    kind: 'body',
    opens: OPENER.test(text) || CAPTION_OPENER.test(text),
    vertical,
    ...(columns ? { columns } : {}),
    frameStart: first.frameStart,
    start: first.start,
    end: lines[lines.length - 1]!.end,
  };
}

/**
 * Group lines into blocks. Blank lines separate blocks; so do frame starts, item openers and vertical headlines
 * (three or more one-character lines, blank lines allowed between them), which become one block of one line.
 */
export function toBlocks(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  let cur: Line[] = [];
  const flush = (): void => {
    if (cur.length > 0) blocks.push(makeBlock(cur));
    cur = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const t = line.text.trim();
    const run = verticalRun(lines, i);
    if (run) {
      flush();
      const first = run.cells[0]!;
      const last = run.cells[run.cells.length - 1]!;
      const text = run.cells.map((c) => c.text.trim()).join('');
      blocks.push(
        makeBlock(
          [{ text, start: first.start, end: last.end, frameStart: false, emphasis: false }],
          true,
          verticalColumns(run.pieces),
        ),
      );
      i = run.next;
      continue;
    }
    if (t === '') flush();
    else if (line.frameStart || OPENER.test(t) || (CAPTION_OPENER.test(t) && cur.length > 0)) {
      flush();
      cur = [line];
    } else cur.push(line);
    i++;
  }
  flush();
  return blocks;
}
