import type { Article } from '../ingest/article.js';
import { articleDate, chineseDate, dateParts } from '../render/chinese-date.js';
import { titleLabel } from '../render/labels.js';
import { leadSentence } from '../search/browse.js';
import { esc, href } from './html.js';

// Pieces shared by the pages: links to articles and dates, article lists in page order, pagers. Pure.

export const articleHref = (a: Article): string => `/articles/${encodeURIComponent(a.id)}`;

/** Where a date's page is: a day (or year-unknown day), a month, or the undated list. */
export function dateHref(date: string | null | undefined): string {
  const p = dateParts(date);
  if (!p) return '/undated';
  return p.kind === 'month' ? `/months/${date}` : `/dates/${date}`;
}

export const dateLink = (date: string, label = chineseDate(date, { weekday: true })): string =>
  `<a href="${esc(dateHref(date))}">${esc(label)}</a>`;

/** A photo's caption under a headline says so; a derived title already does (render/labels.ts). */
export const kindLabel = (a: Article): string => (a.kind === 'photo' && !titleLabel(a, 'zh').derived ? '图片新闻' : '');

/** The title as lists and headings show it: a title made from the text is labelled as such ("导语 · …"). */
export const titleText = (a: Article): string => titleLabel(a, 'zh').text;

/** A list of articles, each with its lead sentence; `showDate` for lists that span days. */
export function articleList(articles: readonly Article[], opts: { showDate?: boolean; lead?: boolean } = {}): string {
  const items = articles.map((a) => {
    const extra = [kindLabel(a), opts.showDate ? articleDate(a) : ''].filter(Boolean).join(' · ');
    const lead = opts.lead === false ? '' : leadSentence(a);
    return `<li><a href="${esc(articleHref(a))}">${esc(titleText(a))}</a>${extra ? ` <span class="kind">${esc(extra)}</span>` : ''}${lead ? `<p class="lead">${esc(lead)}</p>` : ''}</li>`;
  });
  return `<ol class="articles">\n${items.join('\n')}\n</ol>`;
}

/** The page an article was printed on, as its heading in a list: paper and section. */
const printedIn = (a: Article): string => [a.source, a.section].filter(Boolean).join(' · ');

/** Articles in page order under a heading per paper and section, as an e-paper's table of contents. */
export function articlesByPaper(articles: readonly Article[], opts: { showDate?: boolean } = {}): string {
  const groups: { heading: string; list: Article[] }[] = [];
  for (const a of articles) {
    const heading = printedIn(a);
    const last = groups[groups.length - 1];
    if (last && last.heading === heading) last.list.push(a);
    else groups.push({ heading, list: [a] });
  }
  return groups.map((g) => `<h2>${esc(g.heading)}</h2>\n${articleList(g.list, opts)}`).join('\n');
}

export const PER_PAGE = 40;

/** A page's slice of a long list, and the page number actually shown. */
export function pageOf<T>(
  items: readonly T[],
  page: number,
  perPage = PER_PAGE,
): { slice: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const p = Math.max(1, Math.min(page, pages));
  return { slice: items.slice((p - 1) * perPage, p * perPage), page: p, pages };
}

/** Previous and next page links; `query` holds the other parameters to keep. */
export function pager(path: string, query: Record<string, string | undefined>, page: number, pages: number): string {
  if (pages <= 1) return '';
  const link = (p: number, label: string, rel: string): string =>
    `<a href="${esc(href(path, { ...query, page: p === 1 ? undefined : p }))}" rel="${rel}">${label}</a>`;
  return `<nav class="pager" aria-label="分页">${page > 1 ? link(page - 1, '← 上一页', 'prev') : '<span></span>'}<span class="here">第 ${page} 页，共 ${pages} 页</span>${page < pages ? link(page + 1, '下一页 →', 'next') : '<span></span>'}</nav>`;
}

/** Links to the neighbouring dates with articles. */
export function dayNav(
  n: { prev?: string; next?: string },
  label = (d: string) => chineseDate(d, { weekday: true }),
): string {
  if (!n.prev && !n.next) return '';
  const prev = n.prev
    ? `<a href="${esc(dateHref(n.prev))}" rel="prev">← 上一个日期：${esc(label(n.prev))}</a>`
    : '<span></span>';
  const next = n.next
    ? `<a href="${esc(dateHref(n.next))}" rel="next">下一个日期：${esc(label(n.next))} →</a>`
    : '<span></span>';
  return `<nav class="daynav" aria-label="相邻日期">${prev}${next}</nav>`;
}
