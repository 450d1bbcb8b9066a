// The ingest table of the benchmark: items per second for feed parsing, article page extraction and e-paper PDF text
// (pdf.js, then layout and cleaning), and the time from a feed item's appearance to its being answerable, with the
// embedding counted apart. Called by scripts/bench.ts; alone: npx tsx scripts/bench/ingest.ts [--quick]
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { loadConfig } from '../../src/config/config.js';
import { embedSettingsFrom, loadEmbedder } from '../../src/embed/embedder.js';
import { buildIndex } from '../../src/index/build.js';
import { cleanLayoutArticles } from '../../src/ingest/layout-page.js';
import { silentLogger } from '../../src/log.js';
import { openArchive } from '../../src/search/open.js';
import { decodeDocument } from '../../src/sources/charset.js';
import { extractArticle } from '../../src/sources/extract-article.js';
import { parseFeedEntries } from '../../src/sources/feed.js';
import { layoutPage } from '../../src/sources/pdf/layout.js';
import { readPdf } from '../../src/sources/pdf/read-pdf.js';
import { fetchSources } from '../../src/sources/run.js';
import { parseSourcesFile } from '../../src/sources/sources-file.js';
import { BENCH_MODEL_DIR, ensureTestModel, TEST_MODEL_384_NAME, testModelEnv } from '../../tools/make-test-model.js';
import { makeNewspaperPdf, printedFromArticles } from '../../tools/sources/make-newspaper-pdf.js';
import {
  articleHtml,
  atomFeed,
  encodeGbk,
  type FeedItem,
  htmlParagraphs,
  jsonFeed,
  rssFeed,
  SAMPLE_FILES,
  sampleArticles,
  samplePage,
} from '../../tools/sources/source-fixtures.js';
import { SourceServer } from '../../tools/sources/source-server.js';

/** Items per second of `fn` over `items` items, repeated for at least `minMs`. */
async function rate(items: number, minMs: number, fn: () => unknown): Promise<{ perSecond: number; ms: number }> {
  await fn(); // warm up
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    await fn();
    n++;
  }
  const ms = (performance.now() - t0) / n;
  return { perSecond: (items / ms) * 1000, ms };
}

function feedItems(count: number): FeedItem[] {
  const articles = sampleArticles();
  return Array.from({ length: count }, (_, i) => {
    const a = articles[i % articles.length]!;
    return {
      title: `${a.title}（${i}）`,
      url: `https://news.example.cn/${i}.html`,
      published: '2020-06-19T08:00:00+08:00',
      contentHtml: htmlParagraphs(a.text),
    };
  });
}

async function parsing(minMs: number) {
  const items = feedItems(200);
  const feeds = { RSS: rssFeed(items), Atom: atomFeed(items), 'JSON Feed': jsonFeed(items) };
  const out: Record<string, number> = {};
  for (const [name, text] of Object.entries(feeds)) {
    const bytes = Buffer.from(text);
    out[name] = (
      await rate(items.length, minMs, () =>
        parseFeedEntries(decodeDocument(bytes, undefined).text, 'https://news.example.cn/'),
      )
    ).perSecond;
  }
  const pages = sampleArticles().slice(0, 20);
  const utf8 = pages.map((a) => Buffer.from(articleHtml({ title: a.title, text: a.text })));
  const gbk = pages.map((a) => encodeGbk(articleHtml({ title: a.title, text: a.text, charset: 'gbk' })));
  const extract = (bufs: Buffer[]) => () => {
    for (const b of bufs) extractArticle(decodeDocument(b, 'text/html').text, 'https://news.example.cn/a.html');
  };
  out['article pages (UTF-8)'] = (await rate(pages.length, minMs, extract(utf8))).perSecond;
  out['article pages (GBK)'] = (await rate(pages.length, minMs, extract(gbk))).perSecond;
  return out;
}

async function pdfText(minMs: number) {
  const pdfs: Buffer[] = [];
  let pageCount = 0;
  for (const f of SAMPLE_FILES) {
    const { printed } = printedFromArticles(samplePage(f));
    const pdf = await makeNewspaperPdf({
      paper: '濮阳日报',
      dateLine: '2020年6月19日 星期五',
      pageLine: '第3版',
      articles: printed,
    });
    pdfs.push(pdf);
    pageCount += (await readPdf(pdf)).pages.length;
  }
  const read = await rate(pageCount, minMs, async () => {
    for (const p of pdfs) await readPdf(p);
  });
  const docs = await Promise.all(pdfs.map((p) => readPdf(p)));
  const layout = await rate(pageCount, minMs, () => {
    for (const d of docs) for (const p of d.pages) cleanLayoutArticles(layoutPage(p).articles);
  });
  return { pages: pageCount, read: read.perSecond, layout: layout.perSecond };
}

/** A feed item appears; how long until a question about it is answered, phase by phase (in-process). */
async function appearance(model: string) {
  ensureTestModel(BENCH_MODEL_DIR, TEST_MODEL_384_NAME);
  const config = loadConfig(testModelEnv(model, BENCH_MODEL_DIR));
  const loaded = await loadEmbedder(embedSettingsFrom(config), silentLogger);
  if (!loaded.ok) throw new Error(loaded.reason);
  const embedder = loaded.embedder;
  const server = new SourceServer();
  await server.start();
  const dir = join(tmpdir(), `bench-ingest-${process.pid}`);
  const corpus = join(dir, 'corpus');
  const indexDir = join(dir, 'index');
  mkdirSync(corpus, { recursive: true });
  const items = feedItems(40).map((i, k) => ({ ...i, url: server.url(`/n/${k}.html`) }));
  const fresh = samplePage('004_6062cc997fbd3bd9.txt').find(
    (a) => a.title === '示范区开展环保攻坚扬尘污染防治督导活动',
  )!;
  server.set('/feed.xml', { body: rssFeed(items.slice(1)), etag: true });
  const file = parseSourcesFile(
    JSON.stringify({
      fetch: { politenessMs: 0 },
      sources: [{ name: 'bench', paper: '濮阳日报', kind: 'feed', url: server.url('/feed.xml') }],
    }),
    'sources.json',
  );
  const sourcesDir = join(corpus, 'sources');
  const fetchOnce = () =>
    fetchSources({
      sourcesFile: file,
      sourcesPath: join(dir, 'sources.json'),
      sourcesDir,
      dryRun: false,
      userAgent: 'bench',
      log: silentLogger,
    });
  const build = () =>
    buildIndex({
      corpusDir: corpus,
      indexDir,
      full: false,
      chunking: config.chunking,
      hnsw: config.hnsw,
      embedder,
      log: silentLogger,
    });
  await fetchOnce();
  await build();
  // The new item appears.
  server.set('/feed.xml', {
    body: rssFeed([
      {
        title: fresh.title,
        url: server.url('/n/new.html'),
        published: '2020-04-28T18:00:00+08:00',
        contentHtml: htmlParagraphs(fresh.text),
      },
      ...items.slice(1),
    ]),
    etag: true,
  });
  const t0 = performance.now();
  await fetchOnce();
  const fetchMs = performance.now() - t0;
  const report = await build();
  const tLoad = performance.now();
  const archive = await openArchive({ ...config, INDEX_DIR: indexDir }, silentLogger, { embedder });
  const answer = await archive.ask('扬尘污染防治督导组在普济路西堆土场查看了什么？');
  const askMs = performance.now() - tLoad;
  if (!answer.answered || answer.quotes[0]?.url !== server.url('/n/new.html'))
    throw new Error('bench: the new item was not answered');
  // The same through the command an `npm start` schedule runs (a child process: start-up, model load, fetch, index).
  server.set('/feed.xml', { body: rssFeed(items), etag: true });
  const cmd = existsSync('dist/cli/ingest.js') ? ['dist/cli/ingest.js'] : ['--import', 'tsx', 'src/cli/ingest.ts'];
  writeFileSync(
    join(dir, 'sources.json'),
    JSON.stringify({
      fetch: { politenessMs: 0 },
      sources: [{ name: 'bench', paper: '濮阳日报', kind: 'feed', url: server.url('/feed.xml') }],
    }),
  );
  const tChild = performance.now();
  // Asynchronous: this process serves the feed the child fetches.
  await promisify(execFile)(process.execPath, cmd, {
    env: {
      ...process.env,
      CORPUS_DIR: corpus,
      INDEX_DIR: indexDir,
      SOURCES_FILE: join(dir, 'sources.json'),
      ...testModelEnv(model, BENCH_MODEL_DIR),
      LOG_LEVEL: 'error',
    },
  });
  const childMs = performance.now() - tChild;
  await embedder.dispose();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    fetchMs,
    buildMs: report.totalMs,
    embedMs: report.embedMs,
    embedded: report.embedded,
    askMs,
    childMs,
    articles: report.articles,
    chunks: report.chunks,
  };
}

export async function ingestBench(o: { quick: boolean; model: string; command?: string }): Promise<string> {
  const minMs = o.quick ? 300 : 2000;
  const p = await parsing(minMs);
  const pdf = await pdfText(minMs);
  const a = await appearance(o.model);
  const r = (x: number): string => (x >= 100 ? String(Math.round(x)) : x.toFixed(1));
  const ms = (x: number): string => `${Math.round(x)} ms`;
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  return [
    `Ingest (live sources). Machine: ${machine}. Date: ${new Date().toISOString().slice(0, 10)}. Command: \`${o.command ?? `npm run bench${o.quick ? ' -- --quick' : ''}`}\`.`,
    '',
    '| stage | items per second |',
    '|---|---|',
    ...Object.entries(p).map(
      ([k, v]) =>
        `| ${k.startsWith('article') ? k : `feed parsing, ${k} (200 items, decode + parse + paragraphs)`} | ${r(v)} |`,
    ),
    `| e-paper PDF: pdf.js text and rules (${pdf.pages} generated broadsheet pages) | ${r(pdf.read)} pages/s |`,
    `| e-paper PDF: layout and cleaning | ${r(pdf.layout)} pages/s |`,
    '',
    `A feed item appears in a feed of 40 (made of the sample pages' headlined articles, so the repeats among the 40 are kept once: archive ${a.articles} articles, ${a.chunks} chunks) until a question about it is answered with its quote and URL:`,
    '',
    '| fetch stage (conditional GET, parse, de-duplicate, write) | index update | of which embedding* | open the index and answer | whole `ingest` command as the schedule runs it (child process) |',
    '|---|---|---|---|---|',
    `| ${ms(a.fetchMs)} | ${ms(a.buildMs)} | ${ms(a.embedMs)} (${a.embedded} chunks) | ${ms(a.askMs)} | ${ms(a.childMs)} |`,
    '',
    `\\* Model \`${o.model}\`${o.model.startsWith('local-test/') ? ' (random-weight test fixture: its embedding time measures the pipeline, not a real model; see the cost model above for a real one)' : ''}.`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, model: { type: 'string' } } });
  const command = `npx tsx scripts/bench/ingest.ts${values.quick ? ' --quick' : ''}`;
  process.stdout.write(
    await ingestBench({ quick: Boolean(values.quick), model: values.model ?? TEST_MODEL_384_NAME, command }),
  );
}
