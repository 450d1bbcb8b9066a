import type { Article } from '../../ingest/article.js';
import { bylineText } from '../../ingest/byline.js';
import { articleDate, dateParts, isEstimated } from '../../render/chinese-date.js';
import type { Archive } from '../../search/archive.js';
import { byDay, cutAtClause, leadSentence } from '../../search/browse.js';
import { webUrl } from '../../search/links.js';
import { esc, layout, SITE_NAME } from '../html.js';
import { articleHref, articleList, dateHref, dayNav, kindLabel, titleText } from '../parts.js';
import { articleHtml, findQuote, type Span } from '../quote.js';

// An article as a citation link lands on it: title, paper and date in a header that stays in view, the quote marked
// and scrolled to, then the way on: the other articles of its day and of its page, the days before and after.

export interface ArticleRequest {
  /** The quote's start, and its last characters, from a citation link. */
  q?: string;
  end?: string;
  /** The site's public address, for the canonical URL in previews. */
  baseUrl: string;
}

/** How the date was found, in words, when it was not simply printed. */
function dateOriginNote(a: Article): string {
  if (!a.date) return '';
  if (isEstimated(a)) return '据版面估计';
  if (a.dateOrigin === 'issue-date') return '出版日期';
  if (a.dateOrigin !== 'latest-event-date') return '';
  const year =
    a.yearSource === 'operator'
      ? '，年份由运营方提供'
      : a.yearSource === 'page'
        ? '，年份见于版面'
        : a.datePartial
          ? '，年份不详'
          : '';
  return `日期据正文推断${year}`;
}

/** Open Graph and Twitter card tags: a pasted link unfurls as the article's title, the quote, paper and date. */
function previewTags(a: Article, quote: string | undefined, canonical: string): string {
  const said = quote ? `“${cutAtClause(quote, 150)}”` : leadSentence(a, 150);
  const description = `${said} —— ${a.source} · ${articleDate(a)}`;
  const p = dateParts(a.date);
  const tags: [string, string, string][] = [
    ['name', 'description', description],
    ['property', 'og:type', 'article'],
    ['property', 'og:site_name', SITE_NAME],
    ['property', 'og:locale', 'zh_CN'],
    ['property', 'og:title', a.title],
    ['property', 'og:description', description],
    ['property', 'og:url', canonical],
    ...(p?.kind === 'day' ? [['property', 'article:published_time', a.date!] as [string, string, string]] : []),
    ...(a.section ? [['property', 'article:section', a.section] as [string, string, string]] : []),
    ['name', 'twitter:card', 'summary'],
    ['name', 'twitter:title', a.title],
    ['name', 'twitter:description', description],
  ];
  return `<link rel="canonical" href="${esc(canonical)}">\n${tags.map(([k, n, v]) => `<meta ${k}="${n}" content="${esc(v)}">`).join('\n')}\n`;
}

function metaLine(a: Article): string {
  const original = webUrl(a.url);
  const parts = [
    a.section ? esc(a.section) : '',
    esc(kindLabel(a)),
    esc(dateOriginNote(a)),
    a.titleOrigin === 'first-sentence' ? '原文无标题，标题取自正文首句' : '',
    esc(bylineText(a.byline)),
    original ? `<a href="${esc(original)}" rel="noopener noreferrer">原文链接</a>` : '',
  ].filter(Boolean);
  return parts.length ? `<p class="meta">${parts.join(' · ')}</p>` : '';
}

/** The way on from an article: its day's other articles, the neighbouring days, its page's other articles. */
function related(archive: Archive, a: Article): string {
  const b = byDay(archive.articles);
  const out: string[] = [];
  if (a.date) {
    const day = b.on(a.date).filter((x) => x.id !== a.id);
    const shown = day.slice(0, 12);
    const all =
      day.length > shown.length
        ? `<p><a href="${esc(dateHref(a.date))}">这一天的全部 ${day.length + 1} 篇</a></p>`
        : '';
    if (shown.length) out.push(`<h2>同日的其他文章</h2>\n${articleList(shown, { lead: false })}\n${all}`);
    const p = dateParts(a.date);
    if (p && p.kind !== 'month') out.push(dayNav(b.neighbours(a.date)));
  } else {
    out.push('<p><a href="/undated">其他日期不详的文章</a></p>');
  }
  const page = b.onPageWith(a);
  if (page.length) out.push(`<h2>同版的其他文章</h2>\n${articleList(page, { lead: false, showDate: true })}`);
  return out.length ? `<nav class="related" aria-label="相关文章">\n${out.join('\n')}\n</nav>` : '';
}

export function articlePage(archive: Archive, a: Article, r: ArticleRequest): string {
  const mark: Span | undefined = r.q ? findQuote(a.text, r.q, r.end) : undefined;
  const quote = mark ? a.text.slice(mark.start, mark.end) : undefined;
  const canonical = `${r.baseUrl.replace(/\/+$/u, '')}${articleHref(a)}`;
  const body = `<article>
<header class="article-head">
<h1>${esc(titleText(a))}</h1>
<p class="dateline">${esc(a.source)} · <a href="${esc(dateHref(a.date))}">${esc(articleDate(a))}</a></p>
</header>
${metaLine(a)}
${r.q && !mark ? '<p class="note">链接中引用的文字未在本文中找到，文章可能已更新。</p>\n' : ''}<div class="article-body">
${articleHtml(a.text, archive.chunksOf(a.id), mark)}
</div>
</article>
${related(archive, a)}`;
  return layout(`${a.title} · ${a.source}`, body, { head: previewTags(a, quote, canonical) });
}
