import { setTimeout as sleep } from 'node:timers/promises';
import robotsModule from 'robots-parser';
import type { Logger } from '../log.js';
import type { FetchSettingsT } from './sources-file.js';

// Fetching like a good citizen: one request at a time per host with a pause between them, robots.txt honoured,
// conditional GET, timeouts, a cap on the body, retries with backoff on transient failures, bounded redirects.

export type FetchErrorKind = 'status' | 'timeout' | 'too-large' | 'network' | 'redirect' | 'robots' | 'not-http';

export class FetchError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly kind: FetchErrorKind,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Conditional {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export type Fetched =
  | {
      notModified: false;
      /** The URL the body came from, after redirects. */
      url: string;
      bytes: Buffer;
      contentType: string | undefined;
      etag: string | undefined;
      lastModified: string | undefined;
    }
  | { notModified: true; url: string };

export interface HttpOptions extends FetchSettingsT {
  userAgent: string;
}

/** The product token robots.txt groups are matched against: the User-Agent's first word. */
const robotsAgent = (ua: string): string => ua.split(/[\s/]/u)[0] ?? ua;

// robots-parser is CommonJS (module.exports = the parser); its types declare an ES default export instead.
const robotsParser = robotsModule as unknown as typeof robotsModule.default;

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
/** Longest Retry-After or Crawl-delay obeyed; a longer one is capped (and logged) rather than stalling the run. */
const MAX_WAIT_MS = 60_000;
const ROBOTS_MAX_BYTES = 512 * 1024;

interface Host {
  queue: Promise<unknown>;
  lastAt: number;
  delayMs: number;
}

type Robots = { isAllowed(url: string, ua?: string): boolean | undefined } | 'disallow-all';

export class HttpClient {
  private readonly hosts = new Map<string, Host>();
  private readonly robots = new Map<string, Promise<Robots>>();

  constructor(
    private readonly o: HttpOptions,
    private readonly log: Logger,
  ) {}

  /** GET a URL; a 304 answers `notModified`. Throws FetchError naming the URL and what went wrong. */
  get(url: string, conditional: Conditional = {}, accept = '*/*'): Promise<Fetched> {
    return this.follow(url, conditional, accept, true, this.o.maxBytes);
  }

  private async follow(
    url: string,
    conditional: Conditional,
    accept: string,
    robots: boolean,
    maxBytes: number,
  ): Promise<Fetched> {
    const visited = new Set<string>();
    let at = url;
    for (let hop = 0; ; hop++) {
      checkHttp(at);
      if (visited.has(at)) throw new FetchError(`redirect loop at ${at}`, url, 'redirect');
      visited.add(at);
      if (robots) await this.checkRobots(at);
      const res = await this.request(at, conditional, accept);
      if (REDIRECT_STATUS.has(res.status)) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location) throw new FetchError(`HTTP ${res.status} without a Location header`, at, 'redirect', res.status);
        if (hop >= this.o.maxRedirects)
          throw new FetchError(`more than ${this.o.maxRedirects} redirects (last to ${location})`, url, 'redirect');
        at = new URL(location, at).toString();
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return { notModified: true, url: at };
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new FetchError(`HTTP ${res.status} ${res.statusText}`.trim(), at, 'status', res.status);
      }
      return {
        notModified: false,
        url: at,
        bytes: await readCapped(res, maxBytes, at),
        contentType: res.headers.get('content-type') ?? undefined,
        etag: res.headers.get('etag') ?? undefined,
        lastModified: res.headers.get('last-modified') ?? undefined,
      };
    }
  }

  /** One request with retries, queued behind the host's other requests. */
  private async request(url: string, conditional: Conditional, accept: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response | undefined;
      let failure: FetchError | undefined;
      try {
        res = await this.onHost(url, () => this.once(url, conditional, accept));
      } catch (e) {
        failure = e instanceof FetchError ? e : new FetchError((e as Error).message, url, 'network');
      }
      const transient = failure
        ? failure.kind === 'network' || failure.kind === 'timeout'
        : RETRY_STATUS.has(res!.status);
      if (!transient || attempt >= this.o.retries) {
        if (failure) throw failure;
        return res!;
      }
      const waitMs = this.retryWait(res, attempt);
      await res?.body?.cancel();
      this.log.debug(`retrying ${url} in ${waitMs} ms: ${failure?.message ?? `HTTP ${res!.status}`}`);
      await sleep(waitMs);
    }
  }

  private retryWait(res: Response | undefined, attempt: number): number {
    const backoff = this.o.backoffMs * 2 ** attempt;
    const after = res?.headers.get('retry-after');
    if (!after) return backoff;
    const seconds = /^\d+$/u.test(after) ? Number(after) * 1000 : Date.parse(after) - Date.now();
    return Number.isFinite(seconds) ? Math.min(Math.max(seconds, backoff), MAX_WAIT_MS) : backoff;
  }

  private async once(url: string, conditional: Conditional, accept: string): Promise<Response> {
    const headers: Record<string, string> = { 'user-agent': this.o.userAgent, accept };
    if (conditional.etag) headers['if-none-match'] = conditional.etag;
    if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
    try {
      return await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(this.o.timeoutMs) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError') throw new FetchError(`no answer within ${this.o.timeoutMs} ms`, url, 'timeout');
      const why = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new FetchError(`cannot connect (${why})`, url, 'network');
    }
  }

  /** Run `fn` when the host is free and its politeness delay has passed. */
  private onHost<T>(url: string, fn: () => Promise<T>): Promise<T> {
    const h = this.hostFor(url);
    const run = h.queue.then(async () => {
      const wait = h.lastAt + h.delayMs - Date.now();
      if (h.lastAt > 0 && wait > 0) await sleep(wait);
      try {
        return await fn();
      } finally {
        h.lastAt = Date.now();
      }
    });
    h.queue = run.catch(() => {});
    return run;
  }

  private async checkRobots(url: string): Promise<void> {
    const origin = new URL(url).origin;
    let robots = this.robots.get(origin);
    if (!robots) {
      robots = this.loadRobots(origin);
      this.robots.set(origin, robots);
    }
    const r = await robots;
    if (r === 'disallow-all')
      throw new FetchError(`robots.txt of ${origin} could not be read; not fetching until it can`, url, 'robots');
    if (r.isAllowed(url, robotsAgent(this.o.userAgent)) === false)
      throw new FetchError(`robots.txt disallows ${url} for ${robotsAgent(this.o.userAgent)}`, url, 'robots');
  }

  /**
   * RFC 9309: a robots.txt that does not exist (4xx) allows everything; one that cannot be fetched (5xx, network)
   * means the whole site is off limits for now.
   */
  private async loadRobots(origin: string): Promise<Robots> {
    const url = `${origin}/robots.txt`;
    try {
      const got = await this.follow(url, {}, 'text/plain', false, ROBOTS_MAX_BYTES);
      if (got.notModified) return { isAllowed: () => true };
      const robots = robotsParser(url, got.bytes.toString('utf8'));
      const delay = robots.getCrawlDelay(robotsAgent(this.o.userAgent));
      if (delay !== undefined) this.setCrawlDelay(url, delay * 1000);
      return robots;
    } catch (e) {
      const err = e as FetchError;
      if (err.kind === 'status' && err.status !== undefined && err.status >= 400 && err.status < 500)
        return { isAllowed: () => true };
      this.log.warn(`${url}: ${err.message}`);
      return 'disallow-all';
    }
  }

  private hostFor(url: string): Host {
    const key = new URL(url).host;
    let host = this.hosts.get(key);
    if (!host) {
      host = { queue: Promise.resolve(), lastAt: 0, delayMs: this.o.politenessMs };
      this.hosts.set(key, host);
    }
    return host;
  }

  private setCrawlDelay(url: string, ms: number): void {
    const host = this.hostFor(url);
    if (ms > MAX_WAIT_MS) this.log.warn(`${url}: Crawl-delay ${ms / 1000} s is capped at ${MAX_WAIT_MS / 1000} s`);
    host.delayMs = Math.max(host.delayMs, Math.min(ms, MAX_WAIT_MS));
  }
}

function checkHttp(url: string): void {
  const p = new URL(url).protocol;
  if (p !== 'http:' && p !== 'https:') throw new FetchError(`not an http(s) URL: ${url}`, url, 'not-http');
}

/** Read a body, giving up (and closing the connection) as soon as it passes the cap. */
async function readCapped(res: Response, max: number, url: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  const tooLarge = () => new FetchError(`body larger than ${max} bytes`, url, 'too-large');
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        throw tooLarge();
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof FetchError) throw e;
    const err = e as Error;
    if (err.name === 'TimeoutError' || err.name === 'AbortError')
      throw new FetchError('the body did not arrive in time', url, 'timeout');
    throw new FetchError(`the connection broke while reading (${err.message})`, url, 'network');
  }
  return Buffer.concat(parts);
}
