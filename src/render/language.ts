// Which language a reply is written in: the reader's. A question's own language decides (Chinese in either script
// gets Chinese, English gets English); without words to tell by (a button, a bare date, an empty mention) the
// reader's Discord locale decides, and without one the operator's DEFAULT_REPLY_LANGUAGE.

export const LANGUAGES = ['zh', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

const HAN = /\p{sc=Han}/gu;
/** A Latin-script word ("GDP", "park"); digits alone ("2020-06-19") say nothing of a language. */
const LATIN_WORD = /\p{sc=Latin}+/gu;

/**
 * The language a text is written in, if it shows one. A Chinese word is about two characters, so a text is English
 * when it has more Latin words than half its Han characters: "GDP增长了多少？" is Chinese, "What did the paper say
 * about 恒丰电子?" is English.
 */
export function textLanguage(text: string): Lang | undefined {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN_WORD)?.length ?? 0;
  if (han === 0 && latin === 0) return undefined;
  return latin > han / 2 ? 'en' : 'zh';
}

/** A Discord locale ("zh-CN", "zh-TW", "en-US", "en-GB"…) as a reply language; others have no catalogue here. */
export function localeLanguage(locale: string | null | undefined): Lang | undefined {
  if (!locale) return undefined;
  if (/^zh\b/iu.test(locale)) return 'zh';
  if (/^en\b/iu.test(locale)) return 'en';
  return undefined;
}

/** An answer's language: its question's own, else `fallback` (the reader's locale or the default, when known). */
export const answerLanguage = (a: { question: string }, fallback: Lang = 'en'): Lang =>
  textLanguage(a.question) ?? fallback;

/** The reply's language: the text's, else the locale's, else the operator's default. */
export function replyLanguage(r: { text?: string | null; locale?: string | null; fallback: Lang }): Lang {
  return (r.text ? textLanguage(r.text) : undefined) ?? localeLanguage(r.locale) ?? r.fallback;
}
