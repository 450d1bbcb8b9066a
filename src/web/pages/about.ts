import { chineseDate } from '../../render/chinese-date.js';
import type { Archive } from '../../search/archive.js';
import { esc, layout, SITE_NAME } from '../html.js';

// What the archive holds and how it is searched: the one page that speaks of the machinery.

export function aboutPage(archive: Archive): string {
  const s = archive.stats();
  const mode =
    s.mode === 'hybrid'
      ? `混合检索：按词语（<span lang="en">BM25</span>）和按语义（向量模型 <code lang="en">${esc(s.model ?? '')}</code>）一起排序。`
      : `仅按词语检索（<span lang="en">BM25</span>，汉字单字与双字）：没有加载向量模型，所以只能找到含有所搜词语的文章。${
          s.modeReason ? `原因：<code lang="en">${esc(s.modeReason)}</code>` : ''
        }`;
  const body = `<h1>关于本站</h1>
<p>${SITE_NAME}收录本地报纸的文章，供读者查阅和引用。<span lang="en">Discord</span> 机器人回答问题时，只引用报纸的原话，每条引文都链接到这里的文章页面，并在文中标出引文。</p>
<h2>收录范围</h2>
<ul>
<li>${s.articles} 篇文章，${s.chunks} 个段落</li>
<li>报纸：${esc(s.papers.join('、'))}</li>
<li>日期：${s.firstDate ? esc(chineseDate(s.firstDate)) : '—'}至${s.lastDate ? esc(chineseDate(s.lastDate)) : '—'}${s.undated ? `；另有 ${s.undated} 篇日期不详或年份不详` : ''}</li>
<li>索引建立于 <time datetime="${esc(s.builtAt)}">${esc(s.builtAt.slice(0, 10))}</time></li>
</ul>
<h2>检索方式</h2>
<p>${mode}</p>
<p>搜索框里输入词语，列出同时含有这些词语的文章；输入问题（如“……是什么时候？”），先给出机器人的回答，再列出文章。</p>
<h2>日期</h2>
<p>版面印有出版日期的，用出版日期；否则取正文中提到的最晚日期，并注明“据正文推断”。年份不详的日期单独列出，没有日期的文章列在“日期不详”。</p>`;
  return layout(`关于本站 · ${SITE_NAME}`, body);
}

export function notFoundPage(what: string): string {
  return layout('未找到', `<h1>未找到</h1>\n<p>${esc(what)}</p>\n<p><a href="/">返回档案首页</a></p>`);
}

export function errorPage(title: string, what: string): string {
  return layout(title, `<h1>${esc(title)}</h1>\n<p>${esc(what)}</p>\n<p><a href="/">返回档案首页</a></p>`);
}
