// PDFs whose fonts are embedded as Type 3 (Chromium's print-to-PDF does this with Noto CJK) map glyphs back to the
// Kangxi Radicals and CJK Radicals Supplement code points that share the glyph: "⽇" for 日, "⻓" for 长. NFKC
// undoes the Kangxi ones (except where it gives the traditional form, 戶 for 户); the supplement needs a table.
// This table holds every radical such a PDF produced for the characters of the sample pages and the common
// radical-shaped characters (measured with Chromium and Noto Serif CJK SC on these machines).

const TABLE: Record<string, string> = {
  '\u2f3e': '户',
  '\u2e85': '亻',
  '\u2e89': '刂',
  '\u2e8e': '兀',
  '\u2e92': '巳',
  '\u2e93': '幺',
  '\u2e96': '忄',
  '\u2e98': '扌',
  '\u2e99': '攵',
  '\u2e9f': '母',
  '\u2ea0': '民',
  '\u2ea1': '氵',
  '\u2ea3': '灬',
  '\u2ea8': '犭',
  '\u2ead': '礻',
  '\u2eb0': '纟',
  '\u2ebe': '艹',
  '\u2ec1': '虎',
  '\u2ec2': '衤',
  '\u2ec5': '见',
  '\u2ec6': '角',
  '\u2ec8': '讠',
  '\u2ec9': '贝',
  '\u2ecb': '车',
  '\u2ecc': '辶',
  '\u2ed0': '钅',
  '\u2ed3': '长',
  '\u2ed4': '门',
  '\u2ed6': '阝',
  '\u2ed8': '青',
  '\u2ed9': '韦',
  '\u2eda': '页',
  '\u2edb': '风',
  '\u2edc': '飞',
  '\u2edd': '食',
  '\u2ee0': '饣',
  '\u2ee2': '马',
  '\u2ee3': '骨',
  '\u2ee4': '鬼',
  '\u2ee5': '鱼',
  '\u2ee6': '鸟',
  '\u2ee7': '卤',
  '\u2ee8': '麦',
  '\u2ee9': '黄',
  '\u2eea': '黾',
  '\u2eec': '齐',
  '\u2eee': '齿',
  '\u2ef0': '龙',
  '\u2ef3': '龟',
};

/** Radical code points: what is left of them after mapping is text pdf.js could not read. */
export const RADICAL = /[\u2e80-\u2eff\u2f00-\u2fdf]/u;
const RADICALS = /[\u2e80-\u2eff\u2f00-\u2fdf]/gu;

/** Radicals standing for whole characters → the characters. */
export function mapRadicals(text: string): string {
  return text.replace(RADICALS, (ch) => TABLE[ch] ?? (ch >= '\u2f00' ? ch.normalize('NFKC') : ch));
}
