// Only the Traditional → Simplified tables: the full bundle's Simplified → Traditional ones are never used.
import * as OpenCC from 'opencc-js/t2cn';
import { CHANGING_CHARACTERS } from './changing-characters.js';

// Traditional (any variant) → Simplified, so a question typed in Traditional characters finds Simplified news.
const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** The dictionaries the converter applies, as [source, replacement] pairs. */
function entries(group: unknown, out: [string, string][] = []): [string, string][] {
  if (typeof group === 'string') {
    for (const e of group.split('|')) {
      const [from, to] = e.split(' ');
      if (from) out.push([from, to ?? from]);
    }
  } else if (Array.isArray(group)) {
    if (group.length === 2 && typeof group[0] === 'string' && typeof group[1] === 'string' && !/[ |]/u.test(group[0]))
      out.push([group[0], group[1]]);
    else for (const g of group) entries(g, out);
  }
  return out;
}

/** Where no dictionary word can reach across: no entry holds one of these. */
const BOUNDARY = /[\s，。！？；：、,.!?;:（）()“”"]/u;

/**
 * One character of every dictionary entry whose conversion changes it (the first it changes, judged by the whole
 * converter, both stages): text with none of them comes out of the converter as it went in. An entry the two
 * stages undo (Hong Kong's 脱 → 脫, then 脫 → 脱) changes nothing, so common Simplified characters such as 台 and 税
 * do not send clauses through the converter. Each clause holding one is converted whole; no entry holds a mark of
 * BOUNDARY, so no conversion reaches across one.
 */
export function changingCharacters(): string[] {
  const set = new Set<string>();
  for (const [from] of dictionaryEntries()) {
    const a = Array.from(from);
    const b = Array.from(toSimplified(from));
    if (a.some((c) => set.has(c)) || a.join('') === b.join('')) continue;
    const differs = a.length === b.length ? a.filter((c, i) => c !== b[i]) : a.filter((c) => !b.includes(c));
    set.add(differs[0] ?? a[0]!);
  }
  return [...set].sort();
}

/**
 * A flag per UTF-16 unit: scanning news with it costs a few ns a character (a Set lookup, or a character class of
 * three thousand members, ten times that). A character beyond the BMP flags its lead surrogate and is looked up.
 * The characters are computed once into changing-characters.ts (converting every entry takes 30 ms, too much for a
 * one-shot `ask`); a test recomputes them, so an upgraded opencc-js cannot leave the list stale.
 */
const { bmp, astral } = (() => {
  const bmp = new Uint8Array(0x10000);
  const astral = new Set<string>();
  for (const c of CHANGING_CHARACTERS) {
    bmp[c.charCodeAt(0)] = 1;
    if (c.length > 1) astral.add(c);
  }
  return { bmp, astral };
})();

/** Every entry of the two stages' dictionaries (Hong Kong → standard Traditional → Simplified). */
export const dictionaryEntries = (): [string, string][] => entries([OpenCC.Locale.from.hk, OpenCC.Locale.to.cn]);

/** Traditional → Simplified, converting only the clauses that hold a character some entry changes. */
function simplified(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (bmp[text.charCodeAt(i)] === 0) continue;
    const code = text.codePointAt(i)!;
    if (code > 0xffff && !astral.has(String.fromCodePoint(code))) continue;
    let start = i;
    while (start > copied && !BOUNDARY.test(text[start - 1]!)) start--;
    let end = i + 1;
    while (end < text.length && !BOUNDARY.test(text[end]!)) end++;
    out += text.slice(copied, start) + toSimplified(text.slice(start, end));
    copied = end;
    i = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Normalisation applied identically to indexed text and to queries: NFKC (full-width → ASCII), Simplified, lower case. */
export function normalizeForSearch(text: string): string {
  return simplified(text.normalize('NFKC')).toLowerCase();
}

/** The same conversion without the clause shortcut: what `normalizeForSearch` must always equal (tests). */
export function normalizeWhole(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}

/** The comparison form used by evaluation: NFKC with all white space removed. */
export function squash(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}
