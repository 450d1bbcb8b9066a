// Only the Traditional → Simplified tables: the full bundle's Simplified → Traditional ones are never used.
import * as OpenCC from 'opencc-js/t2cn';

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
 * One character of every dictionary entry that changes text (the first it changes): text with none of them comes out
 * of the converter as it went in. Most Simplified news has a few ("台", "吃"), so each is converted with the clause
 * around it; no entry holds a mark of BOUNDARY, so no conversion reaches across one. Kept as a flag per UTF-16 code
 * unit (characters of one unit) and a set of the others: a string lookup per character was most of an index build's
 * normalising time.
 */
interface Changing {
  units: Uint8Array;
  astral: Set<number>;
}
let changing: Changing | undefined;
function changingChars(): Changing {
  if (changing) return changing;
  const set = new Set<string>();
  for (const [from, to] of entries([OpenCC.Locale.from.hk, OpenCC.Locale.to.cn])) {
    if (from === to) continue;
    const a = Array.from(from);
    const b = Array.from(to);
    if (a.some((c) => set.has(c))) continue;
    const differs = a.length === b.length ? a.filter((c, i) => c !== b[i]) : a.filter((c) => !b.includes(c));
    set.add(differs[0] ?? a[0]!);
  }
  const units = new Uint8Array(0x10000);
  const astral = new Set<number>();
  for (const c of set) {
    if (c.length === 1) units[c.charCodeAt(0)] = 1;
    else astral.add(c.codePointAt(0)!);
  }
  changing = { units, astral };
  return changing;
}

/** Traditional → Simplified, converting only the clauses that hold a character some entry changes. */
function simplified(text: string): string {
  const { units, astral } = changingChars();
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (units[text.charCodeAt(i)] === 0 && !(text.codePointAt(i)! > 0xffff && astral.has(text.codePointAt(i)!)))
      continue;
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
