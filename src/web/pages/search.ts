import { articleDate, chineseDate } from '../../render/chinese-date.js';
import { titleLabel } from '../../render/labels.js';
import type { Answer, Quote } from '../../search/archive.js';
import type { Highlight, ResultOrder, Results } from '../../search/results.js';
import { esc, href, layout, SITE_NAME } from '../html.js';
import { articleHref, kindLabel, pager } from '../parts.js';

// The search page: the form (keeping what was asked), the bot's answer when a question was asked, then the results
// with the words searched marked, a page at a time.

export interface SearchForm {
  q: string;
  /** As typed, to show again; `from`/`to` below are what was understood. */
  fromText: string;
  toText: string;
  from?: string;
  to?: string;
  order: ResultOrder;
  page: number;
}

export interface SearchView {
  form: SearchForm;
  /** Something to tell the reader instead of results (empty or too long a query, a date not understood). */
  messages: string[];
  answer?: Answer;
  results?: Results;
}

/** Text with the highlights in <mark>; everything escaped. */
export function marked(text: string, highlights: readonly Highlight[]): string {
  return markedHtml(text, highlights).replace(/\n/gu, ' ');
}

function markedHtml(text: string, highlights: readonly Highlight[]): string {
  let html = '';
  let pos = 0;
  for (const h of highlights) {
    html += `${esc(text.slice(pos, h.start))}<mark>${esc(text.slice(h.start, h.end))}</mark>`;
    pos = h.end;
  }
  return html + esc(text.slice(pos));
}

function searchForm(f: SearchForm): string {
  const option = (value: ResultOrder, label: string): string =>
    `<option value="${value}"${f.order === value ? ' selected' : ''}>${label}</option>`;
  // Filters fold away on a small screen's first view; open when one is set, so the reader sees what narrowed it.
  const open = f.fromText || f.toText || f.order !== 'relevance' ? ' open' : '';
  return `<form class="search" action="/search" method="get" role="search">
<input type="search" name="q" aria-label="搜索词或问题" placeholder="输入词语或问题" value="${esc(f.q)}">
<button>搜索</button>
<details class="filters"${open}><summary>日期与排序</summary>
<label>从 <input type="date" name="from" value="${esc(f.fromText)}"></label>
<label>到 <input type="date" name="to" value="${esc(f.toText)}"></label>
<label>排序 <select name="order">${option('relevance', '按相关度')}${option('date', '按日期，新的在前')}</select></label>
</details>
</form>`;
}

/** A quote with its answer span ("47名") in <mark class="answer">; the quote itself stays the exact excerpt. */
export function quoteHtml(x: Pick<Quote, 'text' | 'mark'>): string {
  const m = x.mark;
  if (!m || m.start < 0 || m.end > x.text.length || m.end <= m.start) return esc(x.text);
  return `${esc(x.text.slice(0, m.start))}<mark class="answer">${esc(x.text.slice(m.start, m.end))}</mark>${esc(x.text.slice(m.end))}`;
}

/** The period an answer searched, said on the page as the bot and the terminal say it. */
export function periodHtml(a: Pick<Answer, 'period' | 'intent'>): string {
  const p = a.period;
  if (!p) return '';
  const range =
    p.from && p.to ? (p.from === p.to ? chineseDate(p.from) : `${chineseDate(p.from)}至${chineseDate(p.to)}`) : '';
  const said = `“${esc(p.said)}”`;
  const text = p.latest
    ? `${said}：档案中这方面最新的文章${range ? `（${esc(range)}）` : ''}，新的在前。`
    : a.intent === 'factoid'
      ? `${said}：优先采用${esc(range)}的文章。`
      : `${said}：${esc(range)}的文章，新的在前。`;
  return `<p class="period">${text}</p>`;
}

function answerBox(a: Answer): string {
  if (a.intent === 'chatter') return '';
  const period = periodHtml(a);
  if (!a.answered || a.quotes.length === 0) {
    return `<section class="answer" aria-label="回答">${period}<p>档案中没有这个问题的明确答案；下面是含有这些词语的文章。</p></section>`;
  }
  const quotes = a.quotes.map(
    (x) =>
      `<blockquote>${quoteHtml(x)}</blockquote>\n<p class="meta">—— <a href="${esc(x.url)}">${esc(titleLabel(x, 'zh').text)}</a> · ${esc(x.source)} · ${esc(articleDate(x))}</p>`,
  );
  return `<section class="answer" aria-label="回答">\n<h2>档案中的回答</h2>\n${period}${period ? '\n' : ''}${quotes.join('\n')}\n</section>`;
}

function resultList(r: Results): string {
  const items = r.items.map((it) => {
    const a = it.article;
    const link = it.snippet ? `${articleHref(a)}#c${it.snippet.chunkN}` : articleHref(a);
    const where = [kindLabel(a), a.source, articleDate(a)].filter(Boolean).join(' · ');
    const snippet = it.snippet
      ? `<p class="snippet">${it.snippet.cutStart ? '…' : ''}${marked(it.snippet.text, it.snippet.highlights)}${it.snippet.cutEnd ? '…' : ''}</p>`
      : '<p class="snippet note">相关段落见上方的回答。</p>';
    // A derived title keeps its label in front; the marks are positions in the title itself.
    const label = titleLabel(a, 'zh');
    const prefix = label.derived ? esc(label.text.slice(0, label.text.length - a.title.length)) : '';
    return `<li><a href="${esc(link)}">${prefix}${marked(a.title, it.titleHighlights)}</a> <span class="where">${esc(where)}</span>\n${snippet}</li>`;
  });
  return `<ol class="articles">\n${items.join('\n')}\n</ol>`;
}

function summary(r: Results, f: SearchForm): string {
  const words = r.words.map((w) => `“${esc(w)}”`).join('、');
  const range =
    f.from || f.to
      ? `，日期${f.from ? `从${esc(chineseDate(f.from))}` : ''}${f.to ? `到${esc(chineseDate(f.to))}` : ''}`
      : '';
  if (r.total === 0) return `<p>没有找到含有${words}的文章${range}。</p>`;
  const some =
    r.match === 'some'
      ? `<p class="note">没有文章同时含有全部 ${r.words.length} 个词；下面的文章含有其中 ${r.matchedWords} 个。</p>\n`
      : '';
  return `${some}<p class="meta">找到 ${r.total} 篇含有${words}的文章${range}。</p>`;
}

function orderLinks(f: SearchForm): string {
  const link = (order: ResultOrder, label: string): string =>
    f.order === order
      ? `<span class="here">${label}</span>`
      : `<a href="${esc(href('/search', { q: f.q, from: f.fromText, to: f.toText, order: order === 'relevance' ? undefined : order }))}">${label}</a>`;
  return `<p class="note">排序：${link('relevance', '相关度')} · ${link('date', '日期')}</p>`;
}

export function searchPage(v: SearchView): string {
  const f = v.form;
  const parts = [`<h1>${f.q ? `搜索：${esc(f.q)}` : '搜索'}</h1>`, searchForm(f)];
  parts.push(...v.messages.map((m) => `<p>${esc(m)}</p>`));
  if (v.answer) parts.push(answerBox(v.answer));
  if (v.results) {
    parts.push(summary(v.results, f));
    if (v.results.total > 0) {
      parts.push(orderLinks(f), resultList(v.results));
      const keep = { q: f.q, from: f.fromText, to: f.toText, order: f.order === 'relevance' ? undefined : f.order };
      parts.push(pager('/search', keep, v.results.page, v.results.pages));
    }
  }
  return layout(f.q ? `搜索：${f.q} · ${SITE_NAME}` : `搜索 · ${SITE_NAME}`, parts.join('\n'), { searchBox: false });
}
