import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../src/ingest/read-corpus.js';
import { silentLogger } from '../src/log.js';
import { writeDirtyFiles } from '../src/sources/corpus-files.js';
import { fetchSources, statePath } from '../src/sources/run.js';
import { parseSourcesFile } from '../src/sources/sources-file.js';
import { SourceState } from '../src/sources/state.js';
import { TEST_MODEL_NAME } from '../tools/make-test-model.js';
import { makeNewspaperPdf, printedFromArticles } from '../tools/sources/make-newspaper-pdf.js';
import { articleHtml, rssFeed, sampleArticles, samplePage } from '../tools/sources/source-fixtures.js';
import { SourceServer } from '../tools/sources/source-server.js';
import { TEST_MODEL_DIR, tempDir } from './support/fixtures.js';

// `npm run ingest` and `inspect --sources` as an operator runs them (the compiled commands).

const server = new SourceServer();
const articles = sampleArticles();
beforeAll(() => server.start());
afterAll(() => server.stop());

function built(script: string): string {
  const path = `dist/cli/${script}.js`;
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build`);
  return path;
}

interface Setup {
  dir: string;
  corpus: string;
  index: string;
  sources: string;
  env: NodeJS.ProcessEnv;
}

function setup(sources: unknown): Setup {
  const dir = tempDir('ingest-cli');
  const s: Setup = {
    dir,
    corpus: join(dir, 'corpus'),
    index: join(dir, 'index'),
    sources: join(dir, 'sources.json'),
    env: {},
  };
  mkdirSync(s.corpus);
  writeFileSync(s.sources, typeof sources === 'string' ? sources : JSON.stringify(sources));
  s.env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CORPUS_DIR: s.corpus,
    INDEX_DIR: s.index,
    SOURCES_FILE: s.sources,
    EMBEDDING_MODEL: TEST_MODEL_NAME,
    MODEL_DIR: TEST_MODEL_DIR,
    ALLOW_REMOTE_MODELS: 'false',
    EMBEDDING_DTYPE: 'fp32',
  };
  return s;
}

async function cli(
  s: Setup,
  script: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [built(script), ...args], { env: s.env, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const FETCH = { timeoutMs: 3000, retries: 0, backoffMs: 10, politenessMs: 0 };
const feed = (name: string, path: string) => ({ name, paper: '濮阳日报', kind: 'feed', url: server.url(path) });

describe('npm run ingest', () => {
  it('a broken sources file, a missing one and an unknown --source are exit 2 with the entry and field named', async () => {
    const bad = setup({ sources: [{ name: 'a', paper: 'p', kind: 'feed', url: 'file:///etc/passwd' }] });
    const r = await cli(bad, 'ingest', []);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sources[0] ("a").url: an http(s) URL');
    const none = setup({});
    none.env.SOURCES_FILE = join(none.dir, 'nope.json');
    expect(await cli(none, 'ingest', [])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no sources file at'),
    });
    const ok = setup({ fetch: FETCH, sources: [feed('a', '/cli-a.xml')] });
    const unknown = await cli(ok, 'ingest', ['--source', 'b']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('--source b: not in') });
  });

  it('fetches, indexes, reports a failing source with exit 3 and keeps going; inspect --sources shows it all', async () => {
    server.set('/cli-good.xml', {
      body: rssFeed(
        [0, 1].map((i) => ({
          title: articles[i]!.title,
          url: server.url(`/cli/${i}.html`),
          published: '2020-06-19T08:00:00+08:00',
          contentHtml: articles[i]!.text.split('\n')
            .map((p) => `<p>${p}</p>`)
            .join(''),
        })),
      ),
    });
    server.set('/cli-down.xml', { status: 503, body: 'down' });
    const s = setup({ fetch: FETCH, sources: [feed('good', '/cli-good.xml'), feed('down', '/cli-down.xml')] });
    const dry = await cli(s, 'ingest', ['--dry-run']);
    expect(dry.code).toBe(3);
    expect(dry.stderr).toContain('dry run [good]: would add 2, change 0');
    expect(existsSync(join(s.corpus, 'sources'))).toBe(false);
    expect(existsSync(s.index)).toBe(false);

    const r = await cli(s, 'ingest', ['--json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\[down\] FAILED: HTTP 503 Service Unavailable; its articles from earlier runs are kept/u);
    expect(r.stderr).toMatch(/index HYBRID \(dense \+ lexical\) written to .*: 2 articles/u);
    const report = JSON.parse(r.stdout);
    expect(report.sources.map((x: { name: string; ok: boolean; added: number }) => [x.name, x.ok, x.added])).toEqual([
      ['good', true, 2],
      ['down', false, 0],
    ]);
    const shown = await cli(s, 'inspect', ['--sources']);
    expect(shown.stdout).toMatch(
      /^down {2}feed · 濮阳日报\n {4}0 articles · last run .* · last success never\n {4}FAILING \(1 runs in a row\) .*: HTTP 503/mu,
    );
    expect(shown.stdout).toMatch(/^good {2}feed · 濮阳日报\n {4}2 articles/mu);
    const json = JSON.parse((await cli(s, 'inspect', ['--sources', '--json'])).stdout);
    expect(json.sources.find((x: { name: string }) => x.name === 'good')).toMatchObject({
      articles: 2,
      failures: 0,
      lastError: null,
    });

    // The same bytes again: nothing to add, and the index is already up to date.
    const again = await cli(s, 'ingest', ['--source', 'good']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/\[good\] 0 added, 0 changed, 1 skipped \(feed not modified since the last run: 1\)/u);
    expect(again.stderr).toContain('already up to date');
  });

  it('a folder of page text, article feeds and PDFs; a file is read again only when it changed', async () => {
    const s = setup({ fetch: FETCH, sources: [{ name: 'inbox', paper: '濮阳日报', kind: 'folder', path: 'inbox' }] });
    const inbox = join(s.dir, 'inbox');
    mkdirSync(inbox);
    copyFileSync('data/sample/000_7fb74385c778d7a9.txt', join(inbox, '2020-06-19_page3.txt'));
    writeFileSync(
      join(inbox, 'wire.jsonl'),
      `${JSON.stringify({ title: articles[20]!.title, date: '2020-04-29', text: articles[20]!.text })}\n{not json\n`,
    );
    const { printed } = printedFromArticles(samplePage('003_913128f7662c2e0b.txt'));
    writeFileSync(
      join(inbox, 'pyrb-20210414-02.pdf'),
      await makeNewspaperPdf({
        paper: '濮阳日报',
        dateLine: '2021年4月14日 星期三',
        pageLine: '第2版',
        articles: printed,
      }),
    );
    const r = await cli(s, 'ingest', []);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[inbox] wire.jsonl:2: not valid JSON');
    const corpus = await readCorpus(s.corpus);
    const dates = new Set(corpus.articles.map((a) => a.date));
    expect(dates).toEqual(new Set(['2020-06-19', '2020-04-29', '2021-04-14']));
    expect(corpus.articles.find((a) => a.title === '全力开创优良营商环境建设新局面')).toBeDefined();
    expect(corpus.articles.find((a) => a.title === '市政府第99次常务会议召开')?.date).toBe('2021-04-14');

    const again = await cli(s, 'ingest', []);
    expect(again.stderr).toMatch(/\[inbox\] 0 added, 0 changed, 3 skipped \(file unchanged: 3\)/u);
    writeFileSync(
      join(inbox, 'wire.jsonl'),
      `${JSON.stringify({ title: articles[20]!.title, date: '2020-04-29', text: `${articles[20]!.text}（本文有更正）` })}\n`,
    );
    const changed = await cli(s, 'ingest', []);
    expect(changed.stderr).toMatch(/\[inbox\] 0 added, 1 changed/u);
  });

  it('killed mid-run (kill -9), the next run resumes: nothing is lost or doubled', async () => {
    const items = [2, 3, 4, 5, 6, 7];
    for (const i of items)
      server.set(`/slow/${i}.html`, {
        delayMs: 400,
        body: articleHtml({ title: articles[i]!.title, text: articles[i]!.text }),
      });
    server.set('/slow.xml', {
      body: rssFeed(
        items.map((i) => ({
          title: articles[i]!.title,
          url: server.url(`/slow/${i}.html`),
          published: '2020-06-19T08:00:00+08:00',
          summary: '摘要',
        })),
      ),
      etag: true,
    });
    const s = setup({ fetch: FETCH, sources: [feed('slow', '/slow.xml')] });
    const child: ChildProcess = spawn(process.execPath, [built('ingest')], {
      env: s.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let added = 0;
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        added += (d.toString().match(/\[slow\] added/gu) ?? []).length;
        if (added >= 2 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('close', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    const r = await cli(s, 'ingest', []);
    expect(r.code).toBe(0);
    const resumed = Number(/\[slow\] (\d+) added/u.exec(r.stderr)![1]);
    expect(resumed).toBeGreaterThan(0);
    expect(resumed).toBeLessThanOrEqual(items.length - 2);
    const corpus = await readCorpus(s.corpus);
    expect(corpus.articles.map((a) => a.title).sort()).toEqual(items.map((i) => articles[i]!.title).sort());
  });

  it('a crash after the state was committed but before the corpus file was written: the next run writes it', async () => {
    const corpus = tempDir('crash');
    const sourcesDir = join(corpus, 'sources');
    server.set('/crash.xml', {
      body: rssFeed([
        {
          title: articles[8]!.title,
          url: server.url('/crash/8.html'),
          published: '2020-06-19T08:00:00+08:00',
          contentHtml: `<p>${articles[8]!.text}</p>`,
        },
      ]),
    });
    const file = parseSourcesFile(
      JSON.stringify({ fetch: FETCH, sources: [feed('crash', '/crash.xml')] }),
      'sources.json',
    );
    const runOnce = () =>
      fetchSources({
        sourcesFile: file,
        sourcesPath: join(corpus, 'sources.json'),
        sourcesDir,
        dryRun: false,
        userAgent: 'test',
        log: silentLogger,
      });
    await runOnce();
    // As if the process had died between its commit and its write: the file is gone, the state says to write it.
    const state = SourceState.open(statePath(sourcesDir));
    for (const f of readdirSync(join(sourcesDir, 'crash'))) {
      state.markDirty(`crash/${f}`);
      writeFileSync(join(sourcesDir, 'crash', f), '');
    }
    state.close();
    await runOnce();
    const got = await readCorpus(corpus);
    expect(got.articles.map((a) => a.title)).toEqual([articles[8]!.title]);
    const s2 = SourceState.open(statePath(sourcesDir));
    expect(writeDirtyFiles(s2, sourcesDir)).toEqual([]);
    s2.close();
    expect(readFileSync(join(sourcesDir, 'crash', '2020-06-19.jsonl'), 'utf8')).toContain(articles[8]!.title);
  });
});
