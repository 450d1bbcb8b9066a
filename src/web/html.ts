// HTML building blocks. Everything from the corpus or a request is untrusted and goes through `esc`.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/gu, (c) => ENTITIES[c]!);

export const SITE_NAME = '本地新闻档案';

/** A link inside the site: the path's parts encoded, the query built from defined values only. */
export function href(path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = Object.entries(query)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return params.length ? `${path}?${params.join('&')}` : path;
}

export const STYLE = `
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #fdfdfb; --muted: #5f5f5f; --line: #ddd; --accent: #1f5fa8;
  --mark: #fff1a8; --tint: #eef3fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e6e3; --bg: #161616; --muted: #a8a8a8; --line: #3a3a3a;
  --accent: #8dbcf0; --mark: #5a4b00; --tint: #1f2a38; } }
* { box-sizing: border-box; }
/* A link to a passage or quote lands it well below the article's sticky header, with the lines before it in view. */
html { -webkit-text-size-adjust: 100%; scroll-padding-top: 36vh; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font-family: system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
  font-size: 18px; line-height: 1.8; }
main, header.site, footer.site { max-width: 45rem; margin: 0 auto; padding: 0 1rem; }
header.site { padding-top: .8rem; padding-bottom: .3rem; display: flex; gap: .6rem 1rem; align-items: baseline; flex-wrap: wrap;
  border-bottom: 1px solid var(--line); }
header.site a.home { font-weight: 700; color: var(--fg); text-decoration: none; }
header.site form { margin-left: auto; display: flex; gap: .4rem; }
input, select, button { font: inherit; font-size: 16px; }
input[type=search] { padding: .2rem .5rem; width: 12em; max-width: 55vw; }
h1 { font-size: 1.6rem; line-height: 1.4; margin: 1.2rem 0 .4rem; }
h2 { font-size: 1.2rem; line-height: 1.4; margin: 1.6rem 0 .5rem; }
a { color: var(--accent); }
.meta, .note { color: var(--muted); font-size: .9rem; }
.meta { margin: 0 0 1.2rem; }
mark { background: var(--mark); color: inherit; padding: .1em 0; }
blockquote { margin: .6rem 0; padding: .2rem 0 .2rem 1rem; border-left: 3px solid var(--accent); }
footer.site { color: var(--muted); font-size: .85rem; padding-top: 2rem; padding-bottom: 2rem; }
footer.site p { margin: 0 0 .4rem; }
/* The article: title, paper and date stay in view above the text, however far down the quote is. */
.article-head { position: sticky; top: 0; z-index: 1; background: var(--bg); margin: 0 -1rem; padding: .6rem 1rem .4rem;
  border-bottom: 1px solid var(--line); }
.article-head h1 { font-size: 1.35rem; margin: 0; overflow: hidden; display: -webkit-box; -webkit-box-orient: vertical;
  -webkit-line-clamp: 3; line-clamp: 3; }
.article-head .dateline { margin: .15rem 0 0; color: var(--muted); font-size: .9rem; }
.article-body p { margin: 0 0 1em; text-indent: 2em; text-align: justify; overflow-wrap: anywhere; }
.article-body { margin-top: 1rem; }
ol.articles { list-style: none; padding: 0; margin: 0; }
ol.articles li { margin: 0 0 1rem; }
ol.articles .lead { margin: .1rem 0 0; color: var(--muted); font-size: .95rem; overflow-wrap: anywhere; }
ol.articles .kind { color: var(--muted); font-size: .85rem; }
ol.articles .where { display: block; color: var(--muted); font-size: .85rem; }
.snippet { margin: .1rem 0 0; font-size: .95rem; overflow-wrap: anywhere; }
nav.pager, nav.daynav { display: flex; justify-content: space-between; flex-wrap: wrap; gap: .4rem 1rem; margin: 1.4rem 0; }
nav.pager .here { color: var(--muted); }
table.cal { border-collapse: collapse; width: 100%; table-layout: fixed; text-align: center; margin: .4rem 0 1rem; }
table.cal caption { font-weight: 700; font-size: 1.1rem; padding-bottom: .3rem; }
table.cal th { font-weight: 400; color: var(--muted); font-size: .85rem; }
table.cal td { border: 1px solid var(--line); height: 3.4rem; vertical-align: top; padding: .15rem; line-height: 1.4; }
table.cal td.has { background: var(--tint); }
table.cal td a { display: block; text-decoration: none; font-weight: 700; }
table.cal td .n { display: block; font-weight: 400; font-size: .75rem; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
ul.months { list-style: none; padding: 0; margin: 0; }
ul.months li { margin: .2rem 0; }
form.search { display: flex; flex-wrap: wrap; gap: .5rem .8rem; align-items: center; margin: 1rem 0; }
form.search input[type=search] { flex: 1 1 10em; max-width: none; }
form.search details { flex: 1 0 100%; }
form.search details label { display: inline-block; margin: .3rem 1rem .3rem 0; }
form.search summary { color: var(--accent); cursor: pointer; }
.answer { border: 1px solid var(--line); border-radius: 6px; padding: .4rem 1rem; margin: 1rem 0 1.6rem; }
.answer h2 { margin-top: .6rem; }
`;

export interface LayoutOptions {
  /** Extra tags for <head>: previews (Open Graph), the canonical URL. */
  head?: string;
  /** The query to keep in the header's search box. */
  query?: string;
  /** The header's search box; a page with its own search form leaves it out. */
  searchBox?: boolean;
}

export function layout(title: string, body: string, opts: LayoutOptions = {}): string {
  const box =
    opts.searchBox === false
      ? ''
      : `<form action="/search" method="get" role="search"><input type="search" name="q" aria-label="搜索文章" placeholder="搜索新闻…" value="${esc(opts.query ?? '')}"><button>搜索</button></form>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/atom+xml" title="${SITE_NAME}：最新文章" href="/feed.xml">
${opts.head ?? ''}</head>
<body>
<header class="site"><a class="home" href="/">${SITE_NAME}</a>${box}</header>
<main>
${body}
</main>
<footer class="site"><p>本站的引文与文章均照录报纸原文，一字未改；日期注明“据正文推断”的，由文中提到的日期推算，“约”表示估计的日期。</p>
<p><a href="/">首页</a> · <a href="/undated">日期不详的文章</a> · <a href="/about">关于本站</a> · <a href="/feed.xml">订阅最新文章</a></p></footer>
</body>
</html>
`;
}
