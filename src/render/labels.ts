import type { Article } from '../ingest/article.js';

// How an article's title and date read on every surface (Discord, terminal, web). A title derived from the text is
// not the paper's headline and an estimated date is not the paper's date: both are shown as what they are. Pure and
// data-driven: each renderer picks its words and decides, from `derived`, whether to show the title as a headline.

export type Lang = 'en' | 'zh';

const WORDS: Record<Lang, { photo: string; lead: string; about: string; yearUnknown: string; undated: string }> = {
  en: { photo: 'Photo', lead: 'From the text', about: 'about', yearUnknown: 'year unknown', undated: 'undated' },
  zh: { photo: '图片新闻', lead: '导语', about: '约', yearUnknown: '年份不详', undated: '日期不详' },
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

/** "2020-06-19"; "约 2020-06-20" (en "about 2020-06-20") for a page estimate; "06-19 (year unknown)" without a year. */
export function dateText(a: DateFields, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  if (!a.date) return w.undated;
  const day = a.date.startsWith('--') ? `${a.date.slice(2)} (${w.yearUnknown})` : a.date;
  return a.dateOrigin === 'page-estimate' ? `${w.about} ${day}` : day;
}
