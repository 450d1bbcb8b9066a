import type { Server } from 'node:http';
import { loadIndex } from '../../src/index/store.js';
import { silentLogger } from '../../src/log.js';
import { Archive } from '../../src/search/archive.js';
import { linkBuilder } from '../../src/search/links.js';
import { close, createWebServer, listen, type WebOptions } from '../../src/web/server.js';
import { buildTestIndex } from './fixtures.js';

export interface Site {
  base: string;
  archive: Archive;
  stop: () => Promise<void>;
}

type SiteOptions = Partial<Pick<WebOptions, 'searchPerMinute' | 'routes' | 'trustProxy'>>;

/** The archive site over the sample corpus (lexical index), on a free loopback port. */
export async function startSite(opts: SiteOptions = {}): Promise<Site> {
  const { indexDir } = await buildTestIndex({});
  let archive: Archive | undefined;
  const make = (publicBaseUrl: string): Server =>
    createWebServer({
      archive: () => archive!,
      log: silentLogger,
      maxQuestionChars: 500,
      searchPerMinute: opts.searchPerMinute ?? 10_000,
      trustProxy: opts.trustProxy ?? false,
      publicBaseUrl,
      ...(opts.routes ? { routes: opts.routes } : {}),
    });
  // The pages' own links and the feed point at PUBLIC_BASE_URL, here the server itself: find a free port first.
  const probe = make('http://127.0.0.1');
  const { port } = await listen(probe, 0, '127.0.0.1');
  await close(probe);
  const base = `http://127.0.0.1:${port}`;
  const server = make(base);
  await listen(server, port, '127.0.0.1');
  archive = new Archive(loadIndex(indexDir), undefined, linkBuilder(base));
  return { base, archive, stop: () => close(server) };
}
