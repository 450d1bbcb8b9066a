// Only the Traditional → Simplified tables: the full bundle's Simplified → Traditional ones are never used.
import * as OpenCC from 'opencc-js/t2cn';

// Traditional (any variant) → Simplified, so a question typed in Traditional characters finds Simplified news.
const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** Normalisation applied identically to indexed text and to queries: NFKC (full-width → ASCII), Simplified, lower case. */
export function normalizeForSearch(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}

/** The comparison form used by evaluation: NFKC with all white space removed. */
export function squash(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}
