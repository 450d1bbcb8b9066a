import type { Article } from '../ingest/article.js';
import { articleDate, isEstimated } from './chinese-date.js';
import type { Lang } from './language.js';

// How an article's title and date read on every surface (Discord, terminal, web). A title derived from the text is
// not the paper's headline and an estimated date is not the paper's date: both are shown as what they are. Pure and
// data-driven: each renderer picks its words and decides, from `derived`, whether to show the title as a headline.

export type { Lang } from './language.js';

const WORDS: Record<Lang, { photo: string; lead: string }> = {
  en: { photo: 'Photo', lead: 'From the text' },
  zh: { photo: '图片新闻', lead: '导语' },
};

/** An article, or a quote or hit citing one (which may not say how its title and date came about). */
export type TitleFields = Pick<Article, 'title'> & Partial<Pick<Article, 'titleOrigin' | 'kind'>>;
export type DateFields = { date?: string | null; dateOrigin?: Article['dateOrigin'] };

export interface TitleLabel {
  /** What to print: the headline, or the derived lead with its label ("图片新闻 · …"). */
  text: string;
  /** Not a headline the paper printed: show it in plain text, not as a linked headline. */
  derived: boolean;
}

export function titleLabel(a: TitleFields, lang: Lang = 'en'): TitleLabel {
  if (a.titleOrigin !== 'first-sentence') return { text: a.title, derived: false };
  const w = WORDS[lang];
  return { text: `${a.kind === 'photo' ? w.photo : w.lead} · ${a.title}`, derived: true };
}

/**
 * English: "2020-06-19"; "about 2020-06-20" for a page estimate; "06-19 (year unknown)"; "undated". Chinese pages
 * write dates their own way (2020年6月19日 星期五, 约 2020年6月20日): that is `articleDate` in chinese-date.ts.
 */
export function dateText(a: DateFields, lang: Lang = 'en'): string {
  if (lang === 'zh') return articleDate(a);
  if (!a.date) return 'undated';
  const day = a.date.startsWith('--') ? `${a.date.slice(2)} (year unknown)` : a.date;
  return isEstimated(a) ? `about ${day}` : day;
}
