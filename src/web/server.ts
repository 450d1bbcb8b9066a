import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Config } from '../config/config.js';
import { TokenBuckets } from '../limits/token-buckets.js';
import type { Logger } from '../log.js';
import type { Archive } from '../search/archive.js';
import { STYLE } from './html.js';
import { type Reply, siteRoutes } from './routes.js';

// The bot's small read-only web site: citation pages, the archive by date, search, the feed.

const HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** A page served beside the site's own (health, metrics): it answers before them, so it may also replace one. */
export type ExtraRoute = (req: IncomingMessage, url: URL) => Reply | Promise<Reply>;

export interface WebOptions {
  archive: () => Archive;
  log: Logger;
  maxQuestionChars: number;
  /** Searches one client may make per minute. */
  searchPerMinute: number;
  /** Take the client's address from X-Forwarded-For (its last entry: the one the proxy in front added). */
  trustProxy: boolean;
  /** The site's public address, for previews and the feed. */
  publicBaseUrl: string;
  /** Extra pages by exact path, such as `/metrics`. */
  routes?: Record<string, ExtraRoute>;
}

/** The web settings from the validated configuration. */
export function webSettings(
  c: Config,
): Pick<WebOptions, 'maxQuestionChars' | 'searchPerMinute' | 'trustProxy' | 'publicBaseUrl'> {
  return {
    maxQuestionChars: c.MAX_QUESTION_CHARS,
    searchPerMinute: c.WEB_SEARCH_PER_MINUTE,
    trustProxy: c.WEB_TRUST_PROXY,
    publicBaseUrl: c.publicBaseUrl,
  };
}

export function createWebServer(o: WebOptions): Server {
  const routes = siteRoutes({ ...o, limiter: new TokenBuckets(o.searchPerMinute) });
  const server = createServer((req, res) => {
    handle(o, routes, req, res).catch((e: unknown) => {
      o.log.error(`web: ${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) send(res, req, { status: 500, type: 'text/plain; charset=utf-8', body: '服务器内部错误' });
      else res.end();
    });
  });
  server.on('clientError', (e: NodeJS.ErrnoException, socket: Duplex) => answerClientError(o, e, socket));
  return server;
}

/**
 * A request Node refuses before any route sees it. The commonest is a search pasted far over the question limit,
 * whose address outgrows Node's 16 KB of headers: it gets a page saying so, not Node's bare 431.
 */
function answerClientError(o: WebOptions, e: NodeJS.ErrnoException, socket: Duplex): void {
  if (e.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLong = e.code === 'HPE_HEADER_OVERFLOW';
  const body = tooLong ? `请求的地址太长了：搜索内容最多 ${o.maxQuestionChars} 个字。` : '无法识别的请求。';
  const status = tooLong ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function send(res: ServerResponse, req: IncomingMessage, r: Reply): void {
  const buf = Buffer.from(r.body, 'utf8');
  res.writeHead(r.status, { ...HEADERS, 'Content-Type': r.type, 'Content-Length': String(buf.length), ...r.headers });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

async function handle(
  o: WebOptions,
  routes: ReturnType<typeof siteRoutes>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, req, {
      status: 405,
      type: 'text/plain; charset=utf-8',
      body: '只支持 GET 和 HEAD',
      headers: { Allow: 'GET, HEAD' },
    });
    return;
  }
  let url: URL;
  let path: string;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
    path = decodeURIComponent(url.pathname);
  } catch {
    send(res, req, routes.badRequest());
    return;
  }
  const extra = o.routes?.[path];
  if (extra) return send(res, req, await extra(req, url));
  if (path === '/style.css') {
    return send(res, req, {
      status: 200,
      type: 'text/css; charset=utf-8',
      body: STYLE,
      headers: { 'Cache-Control': 'public, max-age=3600' },
    });
  }
  send(res, req, await routes.route(path, url, req));
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
