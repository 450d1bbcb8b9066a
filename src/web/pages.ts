import type { Article } from '../ingest/article.js';
import { dateLabel } from '../render/terminal.js';
import type { Answer, Archive } from '../search/archive.js';
import { splitSentences } from '../text/sentences.js';
import { esc, layout } from './html.js';

// Pages of the archive, as HTML strings. Pure: an archive and a request's values in, a page out.

const dateOriginNote = (a: Article): string => {
  if (!a.date) return '';
  if (a.dateOrigin === 'issue-date') return '（出版日期）';
  if (a.dateOrigin === 'feed') return '';
  const year =
    a.yearSource === 'operator'
      ? '，年份由运营方提供'
      : a.yearSource === 'page'
        ? '，年份见于版面'
        : a.datePartial
          ? '，年份未知'
          : '';
  return `（据正文推断${year}）`;
};

/** The span of the quoted passage: where `q` occurs, extended to the end of its sentence (links carry a prefix). */
export function findQuote(text: string, q: string): { start: number; end: number } | undefined {
  const needle = q.trim();
  if (needle === '') return undefined;
  const start = text.indexOf(needle);
  if (start < 0) return undefined;
  let end = start + needle.length;
  const sentence = splitSentences(text).find((s) => s.start <= end - 1 && s.end >= end);
  if (sentence && Array.from(needle).length >= 20) end = Math.max(end, sentence.end);
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return { start, end };
}

export function articlePage(archive: Archive, a: Article, q: string | undefined): string {
  const chunks = archive.chunksOf(a.id);
  const mark = q ? findQuote(a.text, q) : undefined;
  // Anchors at chunk starts; the mark around the quote. Both are positions in the clean text.
  const inserts: { at: number; html: string; order: number }[] = [];
  for (const c of chunks) inserts.push({ at: c.start, html: `<span id="c${c.n}"></span>`, order: 1 });
  if (mark) {
    inserts.push({ at: mark.start, html: '<mark id="quote">', order: 2 });
    inserts.push({ at: mark.end, html: '</mark>', order: 0 });
  }
  inserts.sort((x, y) => x.at - y.at || x.order - y.order);
  let html = '';
  let pos = 0;
  let open = false;
  const emitText = (to: number): void => {
    // Paragraph breaks inside a mark close and reopen it, so the markup stays well formed.
    html += esc(a.text.slice(pos, to)).replace(/\n/gu, open ? '</mark></p>\n<p><mark>' : '</p>\n<p>');
    pos = to;
  };
  for (const ins of inserts) {
    emitText(ins.at);
    html += ins.html;
    if (ins.html.startsWith('<mark')) open = true;
    if (ins.html === '</mark>') open = false;
  }
  emitText(a.text.length);
  const byline = [
    ...a.byline.reporters.map((n) => `记者 ${n}`),
    ...a.byline.correspondents.map((n) => `通讯员 ${n}`),
    ...a.byline.authors,
    ...a.byline.photographers.map((n) => `${n} 摄`),
  ];
  const body = `<article>
<h1>${esc(a.title)}</h1>
<p class="meta">${esc(a.source)}${a.section ? ` · ${esc(a.section)}` : ''} · <a href="/dates/${esc(a.date ?? '')}">${esc(dateLabel(a.date))}</a>${esc(dateOriginNote(a))}${byline.length ? ` · ${esc(byline.join('　'))}` : ''}${a.url ? ` · <a href="${esc(a.url)}" rel="noopener noreferrer">原文链接</a>` : ''}</p>
${q && !mark ? `<p class="note">引用的文字未在本文中找到。</p>\n` : ''}<p>${html}</p>
</article>`;
  return layout(`${a.title} · ${a.source}`, body);
}

function articleList(articles: Article[]): string {
  return `<ul class="list">${articles.map((a) => `<li><a href="/articles/${encodeURIComponent(a.id)}">${esc(a.title)}</a> <span class="note">${esc(a.source)}${a.kind === 'photo' ? ' · 图片' : ''}</span></li>`).join('\n')}</ul>`;
}

export function datePage(date: string, articles: Article[]): string {
  const body = articles.length
    ? `<h1>${esc(dateLabel(date))}</h1>\n${articleList(articles)}`
    : `<h1>${esc(dateLabel(date))}</h1>\n<p>这一天没有文章。<a href="/">查看全部日期</a></p>`;
  return layout(`${dateLabel(date)} · 本地新闻档案`, body);
}

export function indexPage(archive: Archive): string {
  const byDate = new Map<string, Article[]>();
  for (const a of archive.articles) {
    const k = a.date ?? '';
    byDate.set(k, [...(byDate.get(k) ?? []), a]);
  }
  const keys = [...byDate.keys()].sort((x, y) => (x === '' ? 1 : y === '' ? -1 : y.localeCompare(x)));
  const s = archive.stats();
  const sections = keys.map(
    (k) =>
      `<h2>${k ? `<a href="/dates/${esc(k)}">${esc(dateLabel(k))}</a>` : '日期不详'}</h2>\n${articleList(byDate.get(k)!)}`,
  );
  return layout(
    '本地新闻档案',
    `<h1>本地新闻档案</h1>\n<p class="meta">${s.articles} 篇文章 · ${esc(s.papers.join('、'))} · ${s.mode === 'hybrid' ? '混合检索' : '仅关键词检索（未加载向量模型）'}</p>\n${sections.join('\n')}`,
  );
}

export function searchPage(q: string, answer: Answer | undefined, message?: string): string {
  let body = `<h1>搜索：${esc(q)}</h1>\n`;
  if (message) body += `<p>${esc(message)}</p>`;
  else if (answer) {
    if (answer.mode === 'lexical') body += '<p class="note">仅关键词检索（未加载向量模型）。</p>\n';
    if (answer.answered) {
      body += answer.quotes
        .map(
          (x) =>
            `<blockquote>${esc(x.text)}</blockquote>\n<p class="meta">— <a href="${esc(x.url)}">${esc(x.title)}</a> · ${esc(x.source)} · ${esc(dateLabel(x.date))}</p>`,
        )
        .join('\n');
    } else body += '<p>档案中没有明确的答案。</p>\n';
    if (answer.hits.length) {
      body += `<h2>相关段落</h2>\n${answer.hits.map((h) => `<blockquote>${esc(h.text)}</blockquote>\n<p class="meta">— <a href="${esc(h.url)}">${esc(h.title)}</a> · ${esc(h.source)} · ${esc(dateLabel(h.date))}</p>`).join('\n')}`;
    }
  }
  return layout(`搜索：${q}`, body);
}

export function notFoundPage(what: string): string {
  return layout('未找到', `<h1>未找到</h1>\n<p>${esc(what)}</p>\n<p><a href="/">返回档案首页</a></p>`);
}
