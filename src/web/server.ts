import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import type { Archive } from '../search/archive.js';
import { parseUserDate } from '../search/question.js';
import { checkQuestion } from '../search/validate.js';
import { STYLE } from './html.js';
import { articlePage, datePage, indexPage, notFoundPage, searchPage } from './pages.js';

// The bot's small read-only web site: citation pages for archives without their own article URLs.

const HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** What an extra page answers. */
export interface ExtraReply {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}
/** A page served beside the site's own (health, metrics): it answers before them, so it may also replace one. */
export type ExtraRoute = (req: IncomingMessage, url: URL) => ExtraReply | Promise<ExtraReply>;

export interface WebOptions {
  archive: () => Archive;
  log: Logger;
  maxQuestionChars: number;
  /** Extra pages by exact path, such as `/metrics`. */
  routes?: Record<string, ExtraRoute>;
}

export function createWebServer(o: WebOptions): Server {
  return createServer((req, res) => {
    handle(o, req, res).catch((e: unknown) => {
      o.log.error(`web: ${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) send(res, req, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.end();
    });
  });
}

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...HEADERS, 'Content-Type': type, 'Content-Length': String(buf.length), ...extra });
  res.end(req.method === 'HEAD' ? undefined : buf);
}
const html = (res: ServerResponse, req: IncomingMessage, status: number, body: string): void =>
  send(res, req, status, 'text/html; charset=utf-8', body);

async function handle(o: WebOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, req, 405, 'text/plain; charset=utf-8', 'Method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    html(res, req, 400, notFoundPage('Bad request'));
    return;
  }
  const archive = o.archive();
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    html(res, req, 400, notFoundPage('Bad request'));
    return;
  }
  const extra = o.routes?.[path];
  if (extra) {
    const r = await extra(req, url);
    return send(res, req, r.status, r.type, r.body, r.headers);
  }
  if (path === '/style.css')
    return send(res, req, 200, 'text/css; charset=utf-8', STYLE, { 'Cache-Control': 'public, max-age=3600' });
  if (path === '/healthz')
    return send(
      res,
      req,
      200,
      'application/json',
      JSON.stringify({ ok: true, articles: archive.articles.length, mode: archive.mode }),
    );
  if (path === '/' || path === '') return html(res, req, 200, indexPage(archive));
  const article = /^\/articles\/([^/]+)$/u.exec(path);
  if (article) {
    const a = archive.article(article[1]!);
    if (!a) return html(res, req, 404, notFoundPage('没有这篇文章。'));
    return html(res, req, 200, articlePage(archive, a, url.searchParams.get('q')?.slice(0, 500) ?? undefined));
  }
  const date = /^\/dates\/((?:\d{4}|-)-\d{2}-\d{2})$/u.exec(path);
  if (date) {
    const d = parseUserDate(date[1]!);
    if (!d) return html(res, req, 404, notFoundPage('不是有效的日期。'));
    return html(res, req, 200, datePage(date[1]!, archive.news(d.date)));
  }
  if (path === '/search') {
    const q = url.searchParams.get('q') ?? '';
    const c = checkQuestion(q, o.maxQuestionChars);
    if (!c.ok)
      return html(
        res,
        req,
        c.reason === 'empty' ? 200 : 400,
        searchPage(
          q.slice(0, 100),
          undefined,
          c.reason === 'empty' ? '请输入要搜索的内容。' : `问题太长（最多 ${o.maxQuestionChars} 字）。`,
        ),
      );
    return html(res, req, 200, searchPage(c.question, await archive.ask(c.question, { top: 10 })));
  }
  html(res, req, 404, notFoundPage('没有这个页面。'));
}

export async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server.address() as AddressInfo;
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}
