import { CONTROL, isCjk, isHan, isLatinOrDigit } from '../text/chars.js';

/**
 * Remove what PDF extraction leaves that is never text: replacement characters (U+FFFD), private-use glyphs,
 * zero-width marks and control characters other than line breaks and tabs.
 */
export function stripArtifacts(line: string): string {
  return line.replace(/[\ufffd\ue000-\uf8ff\u200b-\u200d\u2060\ufeff]/gu, '').replace(CONTROL, '');
}

const YEAR_MIN = 1900;
const YEAR_MAX = 2099;

/** Length in pairs of the run of doubled characters ("恒恒丰丰") starting at i, white space not allowed inside. */
function doubledRunPairs(chars: string[], i: number): number {
  let pairs = 0;
  while (i + 1 < chars.length && chars[i] === chars[i + 1] && !/\s/u.test(chars[i]!)) {
    pairs++;
    i += 2;
  }
  return pairs;
}

/**
 * Repair bold headlines that extraction printed with every character doubled ("恒恒丰丰电电子子" → "恒丰电子",
 * "22001199年" → "2019年"), without touching legitimate repeats ("常常", "人人", "多多少少").
 *
 * The decision is per run, never per pair: a run of three or more consecutive doubled pairs is bold type (Chinese
 * has no word that repeats three characters in a row that way); a doubled digit run is repaired only when it yields a
 * plausible year followed by 年, since "1100" or "2200" are ordinary numbers.
 */
export function undoubleLine(line: string): string {
  const chars = Array.from(line);
  const out: string[] = [];
  let i = 0;
  while (i < chars.length) {
    const pairs = doubledRunPairs(chars, i);
    if (pairs >= 3) {
      const run = chars.slice(i, i + pairs * 2);
      const isDigits = run.every((c) => /\d/u.test(c));
      const single = run.filter((_, k) => k % 2 === 0);
      if (!isDigits || isDoubledYear(single.join(''), chars, i + pairs * 2)) {
        out.push(...single);
        i += pairs * 2;
        continue;
      }
    }
    out.push(chars[i]!);
    i++;
  }
  return out.join('');
}

function isDoubledYear(single: string, chars: string[], after: number): boolean {
  if (!/^\d{4}$/u.test(single)) return false;
  const year = Number(single);
  if (year < YEAR_MIN || year > YEAR_MAX) return false;
  let j = after;
  while (j < chars.length && /\s/u.test(chars[j]!)) j++;
  return chars[j] === '年';
}

/** Sentence marks doubled by bold extraction ("作业。。") are never legitimate; collapse them. Ellipses are kept. */
export function collapseDoubledPunct(text: string): string {
  return text.replace(/([。，！？；：、])\1+/gu, '$1');
}

/**
 * Remove the spaces extraction put between CJK characters and around numbers ("6 月 19 日" → "6月19日",
 * "开发区党工 委" → "开发区党工委"). Spaces between two Latin words, and between a number and a Latin unit
 * ("24 kV", "5 G"), are kept: only a space with a CJK character (ideograph or CJK punctuation) on either side goes.
 */
export function removeCjkSpaces(text: string): string {
  return text.replace(
    /([^\s]?)([ \t\u3000\u00a0]+)(?=([^\s]?))/gu,
    (_match, before: string, _ws: string, after: string) => {
      if (before === '' || after === '') return before; // at line edges: drop the space
      if (isCjk(before) || isCjk(after)) return before;
      return `${before} `;
    },
  );
}

// PDF extraction puts spaces between CJK characters; a page extracted cleanly (the Jiaozuo page) has none, and there
// a space between two CJK characters is the paper's own ("脚板+手指 你我齐努力"). The rate of spaces between CJK
// characters (ideographs or CJK marks) per Han character tells the two apart: the spaced sample pages have 4–10 per
// hundred, the clean one 0.3 per hundred, all of them the paper's.
const SPACING_NOISE_RATE = 1 / 100;
const CJK_SPACE_CJK =
  /[\p{sc=Han}\u3000-\u303f\uff00-\uffef\u2014-\u2027][ \t\u3000\u00a0]+(?=[\p{sc=Han}\u3000-\u303f\uff00-\uffef\u2014-\u2027])/gu;

/** Does this page's text carry extraction spacing (spaces between CJK characters throughout)? */
export function hasExtractionSpacing(text: string): boolean {
  const han = text.match(/\p{sc=Han}/gu)?.length ?? 0;
  if (han === 0) return false;
  const spaced = text.match(CJK_SPACE_CJK)?.length ?? 0;
  return spaced / han > SPACING_NOISE_RATE;
}

/**
 * Clean one paragraph of page text. `spacing`: the page carries extraction spacing, so spaces touching CJK go;
 * otherwise every space is the paper's and only the ends are trimmed. Doubled sentence marks are bold-type
 * doubling either way.
 */
export function cleanPageParagraph(p: string, spacing: boolean): string {
  return collapseDoubledPunct(spacing ? removeCjkSpaces(p) : p).trim();
}

/**
 * What is safe to normalise in text that was published as text (feeds, web pages): line ends, characters that are
 * never visible text (see stripArtifacts), white space at paragraph ends and empty paragraphs. Nothing visible
 * inside a paragraph changes, so every quote is an exact excerpt of what the paper published.
 */
export function normalizePublishedText(text: string): string {
  return text
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((p) => stripArtifacts(p).trim())
    .filter(Boolean)
    .join('\n');
}

/** A published title: one line, ends trimmed, runs of white space (a line break inside it) become one space. */
export function normalizePublishedTitle(title: string): string {
  return stripArtifacts(title).replace(/\s+/gu, ' ').trim();
}

/** Join two printed lines that belong to one paragraph: no space in CJK text, one space between Latin words. */
export function joinLines(a: string, b: string): string {
  const left = a.replace(/[ \t\u3000]+$/u, '');
  const right = b.replace(/^[ \t\u3000]+/u, '');
  if (left === '') return right;
  if (right === '') return left;
  const l = left[left.length - 1];
  const r = right[0];
  const latinBoth = isLatinOrDigit(l) && isLatinOrDigit(r) && /\p{L}/u.test(l!) && /\p{L}/u.test(r!);
  if (latinBoth && !isHan(l) && !isHan(r)) return `${left} ${right}`;
  return left + right;
}
