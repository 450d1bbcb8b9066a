import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

// A loopback web server for the sources tests: feeds, article pages and PDFs set per path, with the faults a real
// site has (errors, slowness, redirect loops, huge bodies). It records every request, and the most requests it ever
// had in flight at once.

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send an ETag and answer If-None-Match with 304. */
  etag?: boolean;
  /** Wait this long before the headers. */
  delayMs?: number;
  gzip?: boolean;
  /** Stream this many bytes of filler (no Content-Length), for size caps. */
  streamBytes?: number;
  /** Answer with a redirect to this path. */
  redirect?: string;
}

export interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  at: number;
}

export class SourceServer {
  private server: Server | undefined;
  private readonly routes = new Map<string, Route>();
  readonly requests: Seen[] = [];
  private active = 0;
  maxActive = 0;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req.url ?? '/', req.headers, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  set(path: string, route: Route): void {
    this.routes.set(path, route);
  }

  hits(path: string): Seen[] {
    return this.requests.filter((r) => r.path === path);
  }

  private async handle(path: string, headers: IncomingHttpHeaders, res: ServerResponse): Promise<void> {
    this.requests.push({ path, headers, at: Date.now() });
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    res.on('close', () => {
      this.active--;
    });
    // Routes by path; a query string (tracking parameters) is ignored, as real sites do.
    const route =
      this.routes.get(path.split('?')[0]!) ?? (path === '/robots.txt' ? { status: 404, body: '' } : undefined);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    if (route.delayMs) await new Promise((r) => setTimeout(r, route.delayMs));
    if (res.destroyed) return;
    if (route.redirect) {
      res.writeHead(302, { location: route.redirect }).end();
      return;
    }
    if (route.streamBytes) {
      res.writeHead(200, { 'content-type': 'text/html', ...route.headers });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = (): void => {
        while (sent < route.streamBytes! && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    this.send(route, headers, res);
  }

  private send(route: Route, headers: IncomingHttpHeaders, res: ServerResponse): void {
    const body = typeof route.body === 'string' ? Buffer.from(route.body) : (route.body ?? Buffer.alloc(0));
    const out: Record<string, string> = { ...route.headers };
    if (route.etag) {
      const tag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      out.etag = tag;
      if (headers['if-none-match'] === tag) {
        res.writeHead(304, out).end();
        return;
      }
    }
    let payload = body;
    if (route.gzip && /gzip/u.test(String(headers['accept-encoding'] ?? ''))) {
      payload = gzipSync(body);
      out['content-encoding'] = 'gzip';
    }
    out['content-length'] = String(payload.length);
    res.writeHead(route.status ?? 200, out).end(payload);
  }
}
