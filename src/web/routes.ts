import type { IncomingMessage } from 'node:http';
import type { TokenBuckets } from '../limits/token-buckets.js';
import type { Archive } from '../search/archive.js';
import { parseUserDate } from '../search/question.js';
import { looksLikeQuestion, type ResultOrder, searchResults } from '../search/results.js';
import { checkQuestion } from '../search/validate.js';
import { atomFeed } from './feed.js';
import { aboutPage, errorPage, notFoundPage } from './pages/about.js';
import { articlePage } from './pages/article.js';
import { datePage, indexPage, monthPage, undatedPage } from './pages/browse.js';
import { type SearchForm, searchPage } from './pages/search.js';

// Which page answers a path, and what it is given from the request.

export interface Reply {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

export interface RouteOptions {
  archive: () => Archive;
  maxQuestionChars: number;
  trustProxy: boolean;
  publicBaseUrl: string;
  limiter: TokenBuckets;
}

const HTML = 'text/html; charset=utf-8';
const page = (body: string, status = 200, headers?: Record<string, string>): Reply => ({
  status,
  type: HTML,
  body,
  ...(headers ? { headers } : {}),
});
const notFound = (what: string): Reply => page(notFoundPage(what), 404);

/** A page number from the query: a positive integer, else the first page. */
function pageParam(url: URL): number {
  const n = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 100_000) : 1;
}

/** The client a search is counted against. */
function clientOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((s) => s.trim());
  return list.filter(Boolean).pop() ?? req.socket.remoteAddress ?? 'unknown';
}

const MONTH = /^\/months\/(\d{4}-(?:0[1-9]|1[0-2]))$/u;
const DATE = /^\/dates\/((?:\d{4}|-)-\d{2}-\d{2})$/u;
const ARTICLE = /^\/articles\/([^/]+)$/u;

export function siteRoutes(o: RouteOptions) {
  const route = async (path: string, url: URL, req: IncomingMessage): Promise<Reply> => {
    const archive = o.archive();
    if (path === '/' || path === '') return page(indexPage(archive));
    if (path === '/about') return page(aboutPage(archive));
    if (path === '/undated') return page(undatedPage(archive, pageParam(url)));
    if (path === '/search') return search(o, archive, url, req);
    if (path === '/healthz') {
      const body = JSON.stringify({ ok: true, articles: archive.articles.length, mode: archive.mode });
      return { status: 200, type: 'application/json', body };
    }
    if (path === '/feed.xml') {
      const body = atomFeed(archive.articles, o.publicBaseUrl, archive.data.meta.builtAt);
      return { status: 200, type: 'application/atom+xml; charset=utf-8', body };
    }
    const month = MONTH.exec(path);
    if (month) return page(monthPage(archive, month[1]!));
    const date = DATE.exec(path);
    if (date) {
      if (!parseUserDate(date[1]!)) return notFound('不是有效的日期。');
      return page(datePage(archive, date[1]!, pageParam(url)));
    }
    const article = ARTICLE.exec(path);
    if (article) {
      const a = archive.article(article[1]!);
      if (!a) return notFound('没有这篇文章。');
      const q = url.searchParams.get('q')?.slice(0, 500) || undefined;
      const end = url.searchParams.get('end')?.slice(0, 200) || undefined;
      return page(articlePage(archive, a, { ...(q ? { q } : {}), ...(end ? { end } : {}), baseUrl: o.publicBaseUrl }));
    }
    return notFound('没有这个页面。');
  };
  return { route, badRequest: (): Reply => page(errorPage('请求有误', '这个地址无法识别。'), 400) };
}

/** A date filter as typed ("2020-06-19", "2020/6/19", "2020年6月"); year-less dates cannot filter. */
function filterDate(text: string): { date?: string; error?: string } {
  const t = text.trim();
  if (t === '') return {};
  const d = parseUserDate(t);
  if (!d || d.date.year === undefined)
    return { error: `无法识别的日期“${t.slice(0, 40)}”，已忽略。请写成 2020-06-19。` };
  return { date: d.text };
}

function readForm(url: URL): { form: SearchForm; messages: string[] } {
  const p = url.searchParams;
  const fromText = (p.get('from') ?? '').slice(0, 40);
  const toText = (p.get('to') ?? '').slice(0, 40);
  let from = filterDate(fromText);
  let to = filterDate(toText);
  const messages = [from.error, to.error].filter((m): m is string => Boolean(m));
  if (from.date && to.date && from.date > to.date) {
    [from, to] = [to, from];
    messages.push('起始日期晚于结束日期，已对调。');
  }
  const order: ResultOrder = p.get('order') === 'date' ? 'date' : 'relevance';
  const form: SearchForm = {
    q: p.get('q') ?? '',
    fromText,
    toText,
    ...(from.date ? { from: from.date } : {}),
    ...(to.date ? { to: to.date } : {}),
    order,
    page: pageParam(url),
  };
  return { form, messages };
}

async function search(o: RouteOptions, archive: Archive, url: URL, req: IncomingMessage): Promise<Reply> {
  const { form, messages } = readForm(url);
  const checked = checkQuestion(form.q, o.maxQuestionChars);
  if (!checked.ok) {
    const say =
      checked.reason === 'empty' ? '请输入要搜索的词语或问题。' : `搜索内容太长了，最多 ${o.maxQuestionChars} 个字。`;
    const shown = { ...form, q: Array.from(form.q).slice(0, o.maxQuestionChars).join('') };
    return page(searchPage({ form: shown, messages: [...messages, say] }), checked.reason === 'empty' ? 200 : 400);
  }
  const wait = o.limiter.take(clientOf(req, o.trustProxy));
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    const body = errorPage('搜索太频繁', `请 ${seconds} 秒后再试。浏览日期和文章不受限制。`);
    return page(body, 429, { 'Retry-After': String(seconds) });
  }
  const q = { ...form, q: checked.question };
  const filter = { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
  const answer = await archive.ask(q.q, filter);
  const shows =
    answer.intent === 'list' || answer.intent === 'overview' || (answer.intent === 'factoid' && looksLikeQuestion(q.q));
  const exclude = new Set(shows && answer.answered ? answer.quotes.map((x) => x.chunkId) : []);
  const results = searchResults(archive, { text: q.q, ...filter, order: q.order, page: q.page, exclude });
  return page(searchPage({ form: q, messages, ...(shows ? { answer } : {}), results }));
}
