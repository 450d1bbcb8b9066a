// Small numbers as Chinese news writes them, for the date rules of ingest and the question analysis alike.

/** The value of one Chinese numeral digit, zero included (a year is written digit by digit: 二〇二〇). */
export const CN_DIGIT: Record<string, number> = {
  〇: 0,
  '○': 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 1–99 written in digits or Chinese numerals (三, 十二, 二十一, 半 is not a number here). */
export function smallNumber(s: string): number | undefined {
  if (/^\d{1,2}$/u.test(s)) return Number(s);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(s);
  if (!m || s === '') return undefined;
  if (!m[2]) return m[3] ? undefined : CN_DIGIT[m[1]!];
  return (m[1] ? CN_DIGIT[m[1]]! : 1) * 10 + (m[3] ? CN_DIGIT[m[3]]! : 0);
}
