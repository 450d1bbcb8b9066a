import { LINE_END_OK } from '../text/chars.js';
import { wordSpansJoin } from '../text/segment.js';
import { joinLines } from './clean.js';
import { type Block, type Line, printedWidth } from './page-lines.js';

// Paragraphs from printed lines. Extraction keeps neither indents nor the paragraph structure: blank lines come both
// between paragraphs and inside them. What the lines still show is their width: in a justified column every line of
// a paragraph but its last is as wide as the column, so a short line that ends a sentence ends its paragraph, and a
// line as wide as the column continues into the next one.

export type Join = 'auto' | 'paragraph' | 'direct';

export interface ItemPart {
  block: Block;
  join: Join;
}

export const blockText = (b: Block): string => b.lines.map((l) => l.text.trim()).reduce((a, t) => joinLines(a, t), '');

/** A paragraph's first line is indented by two ideographs. */
const INDENT = 2;
/** Printed widths differ by punctuation squeezing and digits; within this much a line is as wide as the column. */
const WIDTH_SLACK = 1.5;
const SENTENCE_CLOSED = /[。！？!?…][”’」』）)]?$/u;

const quantile = (xs: number[], q: number): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))];
};
const median = (xs: number[]): number | undefined => quantile(xs, 0.5);

/**
 * The width of the column around line k, from its neighbours: the upper quartile, as a paragraph's short last lines
 * pull the median down (vertical headlines are not among the lines).
 */
function columnWidth(lines: Line[], k: number, reach = 4): number | undefined {
  const widths: number[] = [];
  for (let j = Math.max(0, k - reach); j <= Math.min(lines.length - 1, k + reach); j++)
    if (j !== k) widths.push(printedWidth(lines[j]!.text));
  return quantile(widths, 0.75);
}

/** A line that ends a sentence and stops clearly short of its column ends its paragraph. */
function endsParagraph(lines: Line[], k: number): boolean {
  const text = lines[k]!.text.trim();
  if (!SENTENCE_CLOSED.test(text)) return false;
  const col = columnWidth(lines, k);
  return col !== undefined && printedWidth(text) <= col - INDENT;
}

/** Is this line as wide as the column, counting the indent it would have as a paragraph's first line? */
function fillsColumn(line: Line, neighbours: Line[]): boolean {
  const col = median(neighbours.map((l) => printedWidth(l.text)));
  if (col === undefined) return false;
  const w = printedWidth(line.text);
  return Math.abs(w - col) <= WIDTH_SLACK || Math.abs(w + INDENT - col) <= WIDTH_SLACK;
}

/** Text that cannot open a paragraph: a mark, or a first clause of one or two characters ("活动。", "办、"). */
const startsMidSentence = (text: string): boolean =>
  /^(?:[、，,。；;：:）)》」』”’]|[^、，,。；;！？!?]{1,2}[、，,。；;])/u.test(text);

/**
 * A one-line headline-shaped block between two stretches of one article's text: does the text after it continue
 * it (a wrapped line), or is it a subhead? It continues when a word runs across the break ("前期宣 / 传工作"), when
 * the next text cannot open a paragraph, or when it is as wide as the column and was not set off in bold.
 */
export function lineContinues(candidate: Block, next: Block, before: Block): boolean {
  const line = candidate.lines[0]!;
  const nextText = blockText(next);
  if (wordSpansJoin(blockText(candidate), nextText)) return true;
  if (startsMidSentence(nextText)) return true;
  if (line.emphasis || candidate.lines.length > 1) return false;
  // The neighbours' widths, without each block's last line (a paragraph's end may be short).
  const neighbours = [...before.lines.slice(0, -1), ...next.lines.slice(0, -1)];
  return fillsColumn(line, neighbours.length > 0 ? neighbours : [...before.lines, ...next.lines]);
}

/** One block's text, with a paragraph break after each line that ends its paragraph. */
function blockParagraphs(block: Block, lines: Line[], offset: number): string {
  let out = '';
  block.lines.forEach((l, k) => {
    const t = l.text.trim();
    out = out === '' ? t : joinLines(out, t);
    if (k < block.lines.length - 1 && endsParagraph(lines, offset + k)) out += '\n';
  });
  return out.replace(/\n+$/u, '');
}

/** Join an item's blocks: a block continues the previous paragraph unless that one ended a sentence. */
export function itemText(parts: ItemPart[]): string {
  const lines = parts.flatMap((p) => (p.block.vertical ? [] : p.block.lines));
  let raw = '';
  let prevText = '';
  let forceBreak = false;
  let offset = 0;
  for (const { block, join } of parts) {
    const t = block.vertical ? blockText(block) : blockParagraphs(block, lines, offset);
    if (!block.vertical) offset += block.lines.length;
    const paragraph =
      join === 'paragraph' || forceBreak || (join === 'auto' && (LINE_END_OK.test(prevText) || /摄$/u.test(prevText)));
    raw = raw === '' ? t : paragraph && join !== 'direct' ? `${raw}\n${t}` : joinLines(raw, t);
    forceBreak = join === 'paragraph';
    prevText = t;
  }
  return raw;
}
