import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_MODEL_DIR, tempDir } from './support/fixtures.js';

const exec = promisify(execFile);

// The command-line contract is tested on the compiled commands, as npm runs them: a broken build fails here.
// `npm test` builds dist/ first; running vitest alone after editing src/ needs `npm run build`.
/** A chat session on the test index: its output so far, and a wait (with a deadline) for output to match. */
function startChat(env: Record<string, string>) {
  const child = spawn(process.execPath, [built('chat'), '--index', index], {
    env: { PATH: process.env.PATH, MODEL_DIR: TEST_MODEL_DIR, ALLOW_REMOTE_MODELS: 'false', ...env },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  const waitFor = async (pattern: RegExp, ms = 30_000): Promise<string> => {
    const deadline = Date.now() + ms;
    while (!pattern.test(out)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`chat never printed ${pattern}:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return out;
  };
  return { child, out: () => out, waitFor };
}

function built(script: string): string {
  const path = `dist/cli/${script}.js`;
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build`);
  return path;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
async function cli(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const r = await exec(process.execPath, [built(script), ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        MODEL_DIR: TEST_MODEL_DIR,
        ALLOW_REMOTE_MODELS: 'false',
        ...env,
      },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let index: string;
beforeAll(async () => {
  index = join(tempDir('cli'), 'embeddings');
  const r = await cli('index', ['--out', index]);
  expect(r.code).toBe(0);
});

describe('index', () => {
  it('says loudly that it built a lexical-only index when no model is available', async () => {
    const r = await cli('index', ['--out', index]);
    expect(r.stderr).toMatch(/NO EMBEDDING MODEL: building a LEXICAL-ONLY index/u);
    expect(r.stderr).toMatch(/LEXICAL ONLY already up to date in .*0 added, 0 changed, 0 removed, \d+ unchanged/u);
  });

  it('refuses --full with --compact', async () => {
    const r = await cli('index', ['--out', index, '--full', '--compact']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/use one of them/u);
  });

  it('a model named explicitly that cannot load is an error, and nothing is written', async () => {
    const r = await cli('index', ['--out', join(tempDir('cli'), 'x')], { EMBEDDING_MODEL: 'Xenova/bge-small-zh-v1.5' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no fallback/u);
  });

  it('builds a hybrid index with a local model', async () => {
    const r = await cli('index', ['--out', join(tempDir('cli'), 'h')], {
      EMBEDDING_MODEL: 'local-test/char-bert-random',
      EMBEDDING_DTYPE: 'fp32',
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/index HYBRID \(dense \+ lexical\)/u);
  });
});

describe('ask', () => {
  it('answers in the question’s language; a question too long is refused in its own', async () => {
    const zh = await cli('ask', ['--index', index, '开发区向多少家外经外贸外资企业选派了首席服务员？']);
    expect(zh.stdout).toMatch(/^\[仅按词语搜索：未加载语义模型\]\n/u);
    expect(zh.stdout).toMatch(/ · 濮阳日报 · 2020年3月18日 星期三\n/u);
    const en = await cli('ask', ['--index', index, 'What did the paper say about the new industrial park?']);
    expect(en.stdout).toMatch(/^\[lexical search only: no embedding model\]\nnote: This archive is searched/u);
    const long = await cli('ask', ['--index', index, '问'.repeat(30)], { MAX_QUESTION_CHARS: '20' });
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/这个问题有30个字，请控制在20个字以内。/u);
  });

  it('--json prints only the documented JSON on stdout', async () => {
    const r = await cli('ask', ['--index', index, '--json', '开发区向多少家外经外贸外资企业选派了首席服务员？']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(Object.keys(a)).toEqual(
      expect.arrayContaining(['question', 'answered', 'mode', 'quotes', 'hits', 'timingsMs']),
    );
    expect(Object.keys(a.quotes[0])).toEqual(
      expect.arrayContaining(['text', 'articleId', 'title', 'date', 'source', 'url']),
    );
    expect(Object.keys(a.hits[0])).toEqual(
      expect.arrayContaining(['articleId', 'chunkId', 'title', 'date', 'source', 'url', 'text', 'score']),
    );
    expect(Object.keys(a.timingsMs)).toEqual(expect.arrayContaining(['embed', 'dense', 'lexical', 'answer', 'total']));
    expect(a.mode).toBe('lexical');
    expect(a.quotes.map((q: { text: string }) => q.text).join('')).toContain('16家');
    // What was asked and the type of text that answers it, and the answer span inside the first quote.
    expect([a.intent, a.asks, a.answerType]).toEqual(['factoid', 'how-many', 'number']);
    expect(a.quotes[0].text.slice(a.quotes[0].mark.start, a.quotes[0].mark.end)).toContain('16家');
  });

  it('--questions answers one JSON line per question, in order', async () => {
    const file = join(tempDir('q'), 'q.txt');
    writeFileSync(file, '雪汇食品公司总经理是谁？\n\n火星探测器什么时候发射？\n恒丰电子已申请了多少项专利？\n');
    const r = await cli('ask', ['--index', index, '--json', '--questions', file]);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual([
      '雪汇食品公司总经理是谁？',
      '火星探测器什么时候发射？',
      '恒丰电子已申请了多少项专利？',
    ]);
    expect(lines.map((l) => l.answered)).toEqual([true, false, true]);
  });

  it.each([
    [['--bogus', 'x'], 2, /Unknown option '--bogus'/u],
    [['--top', 'lots', 'q'], 2, /--top must be a whole number/u],
    [['--from', 'March', 'q'], 2, /--from "March" is not a full date/u],
    [['--from', '2021-01-01', '--to', '2020-01-01', 'q'], 2, /start date \(2021-01-01\) is after the end date/u],
    [[], 2, /no question given/u],
    [['   '], 1, /请提一个关于本地新闻的问题/u], // no words to tell by: DEFAULT_REPLY_LANGUAGE (zh)
    [['--index', '/nonexistent/idx', 'q'], 1, /no index in "\/nonexistent\/idx"/u],
  ])('%j → exit %i with a clear message', async (args, code, message) => {
    const r = await cli('ask', args[0] === '--index' ? args : ['--index', index, ...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  it('a bad setting stops with one line per problem', async () => {
    const r = await cli('ask', ['--index', index, 'q'], { HNSW_EF_SEARCH: 'many', LOG_LEVEL: 'loud' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HNSW_EF_SEARCH: .*\(got "many"\)/u);
    expect(r.stderr).toMatch(/LOG_LEVEL: /u);
  });
});

describe('start', () => {
  it('without a token says what is missing and how to get it', async () => {
    const r = await cli('start', []);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DISCORD_TOKEN is not set/u);
    expect(r.stderr).toMatch(/npm run chat/u);
  });

  it('chat answers questions from standard input', async () => {
    const chat = startChat({ WEB_PORT: '0' });
    chat.child.stdin.end('雪汇食品公司总经理是谁？\n/news 2020-03-17\n/quit\n');
    await new Promise((r) => chat.child.on('close', r));
    expect(chat.out()).toMatch(/> .*张峰/u);
    expect(chat.out()).toMatch(/濮阳市医药医疗器械产业园揭牌开园/u);
  });

  it('chat reads a follow-up ("那…呢？") with the question before it; a new question starts afresh', async () => {
    const chat = startChat({ WEB_PORT: '0' });
    // Alone, "那恒丰电子呢？" quotes the firm's patents; after the question about 雪汇's manager it asks for 恒丰's.
    chat.child.stdin.end('雪汇食品公司总经理是谁？\n那恒丰电子呢？\n开发区选派了多少名首席服务员？\n/quit\n');
    await new Promise((r) => chat.child.on('close', r));
    expect(chat.out()).toMatch(/> .*张峰/u);
    expect(chat.out()).toMatch(/> .*恒丰电子总经理«武庆新»/u);
    expect(chat.out()).toMatch(/> .*«47名»/u);
  });

  it('chat lists a month’s days for /news of a month, and names a mistyped command instead of asking it', async () => {
    const chat = startChat({ WEB_PORT: '0' });
    chat.child.stdin.end('/news 2020年3月\n/nwes 2020-03-17\n/quit\n');
    await new Promise((r) => chat.child.on('close', r));
    expect(chat.out()).toMatch(/2020年3月有文章的日子[\s\S]*2020年3月17日 {2}共1篇\n/u);
    expect(chat.out()).toMatch(/\/nwes 不是命令/u);
    expect(chat.out()).not.toMatch(/明确答案/u);
  });

  it('chat answers each line in its own language; the banner is in DEFAULT_REPLY_LANGUAGE', async () => {
    const chat = startChat({ WEB_PORT: '0', DEFAULT_REPLY_LANGUAGE: 'en' });
    chat.child.stdin.end(
      'What did the paper say about the new industrial park?\n/news 2020年3月\n/news 2020-03-17\n上周开发区有什么新闻？\n/quit\n',
    );
    await new Promise((r) => chat.child.on('close', r));
    const out = chat.out();
    const [, english, chineseMonth, bareDate, chinese] = out.split(/\n(?=\[|2020年3月有|\S+ {2}濮阳市医药)/u);
    expect(out).toMatch(/^\d+ articles \(\d+ passages\)/u);
    expect(out).toMatch(/\nCommands: \/news 2021-04-14/u);
    // lexical test index: the English question cannot match, and the reply says why, in English
    expect(english).toMatch(/^\[lexical search only[^\n]*\nnote: This archive is searched by its words only/u);
    expect(english).toMatch(/The archive holds no clear answer/u);
    expect(chineseMonth).toMatch(/^2020年3月有文章的日子[\s\S]*2020年3月17日 {2}共1篇\n/u);
    // a bare date has no words: the default language
    expect(bareDate).toMatch(/^\S+ {2}濮阳市医药医疗器械产业园揭牌开园 · 濮阳日报 · 2020-03-17 {2}http/u);
    expect(chinese).toMatch(/^\[仅按词语搜索/u);
    expect(chinese).toContain('注：档案中没有日期在');
    expect(chinese).toContain('档案中没有这个问题的明确答案。');
  });
});

describe('chat, as a new user meets it', () => {
  it('suggests questions from the archive that it answers in lexical mode, in Chinese', async () => {
    const chat = startChat({ WEB_PORT: '0' });
    const banner = await chat.waitFor(/命令：.*\n.*\n/u);
    const examples = [...banner.matchAll(/^ {2}(.+)$/gmu)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThan(0);
    expect(banner).toMatch(/目前只按词语搜索/u);
    expect(banner).toContain('/news 2021-04-14'); // the sample's newest date
    for (const q of examples) expect(q).toMatch(/\p{sc=Han}/u);
    chat.child.stdin.end(`${examples.join('\n')}\n/quit\n`);
    await new Promise((r) => chat.child.on('close', r));
    // Every suggestion, asked, is answered with a quote (a dated list indents its lead quotes).
    const answers = chat
      .out()
      .slice(banner.length)
      .split(/\n\n+/u)
      .filter((b) => b.trim() !== '');
    expect(answers.filter((b) => /^ *> /mu.test(b)).length).toBeGreaterThanOrEqual(examples.length);
    expect(chat.out()).not.toMatch(/明确答案/u);
  });

  it('serves the pages its links point at while it runs, on a free port when WEB_PORT is taken', async () => {
    const blocker = createServer(() => {});
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const chat = startChat({ WEB_PORT: String(taken) });
      const banner = await chat.waitFor(/引文网页：(http:\/\/127\.0\.0\.1:(\d+))\//u);
      const port = Number(/引文网页：http:\/\/127\.0\.0\.1:(\d+)/u.exec(banner)![1]);
      expect(port).not.toBe(taken);
      chat.child.stdin.write('/news 2020-03-17\n');
      const listing = await chat.waitFor(/濮阳市医药医疗器械产业园揭牌开园.*(http:\S+)/u);
      const link = /濮阳市医药医疗器械产业园揭牌开园.*?(http:\S+)/u.exec(listing)![1]!;
      expect(new URL(link).port).toBe(String(port));
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('濮阳市医药医疗器械产业园揭牌开园');
      chat.child.stdin.end('/quit\n');
      await new Promise((r) => chat.child.on('close', r));
      await expect(fetch(link)).rejects.toThrow(); // and stops serving when it ends
    } finally {
      blocker.close();
    }
  });
});

describe('news and inspect', () => {
  it('news lists a sample date as JSON', async () => {
    const r = await cli('news', ['--index', index, '--date', '2020-03-17', '--json']);
    expect(JSON.parse(r.stdout).articles.map((a: { title: string }) => a.title)).toContain(
      '濮阳市医药医疗器械产业园揭牌开园',
    );
  });

  it('inspect --json prints the articles with dates and their origin', async () => {
    const r = await cli('inspect', ['--json']);
    const { articles } = JSON.parse(r.stdout);
    expect(articles.length).toBeGreaterThanOrEqual(40);
    expect(articles[0]).toMatchObject({
      title: '全力开创优良营商环境建设新局面',
      date: '2020-06-19',
      dateOrigin: 'latest-event-date',
      source: '濮阳日报',
    });
    expect(articles[0].chunks).toBeGreaterThan(0);
  });

  it('inspect says where each title and date came from, and every date the text mentions', async () => {
    const { articles } = JSON.parse((await cli('inspect', ['--json'])).stdout);
    expect(articles[0]).toMatchObject({
      titleOrigin: 'headline',
      dateEvidence: { text: '6月19日', where: 'dateline' },
      mentionedDates: [{ text: '6月19日', date: '2020-06-19', kind: 'day', yearSource: 'page' }],
    });
    const untitled = articles.find((a: { text: string }) => a.text.startsWith('6月19日，记者从开发区外联局获悉'));
    expect(untitled).toMatchObject({ titleOrigin: 'first-sentence', title: '6月19日，记者从开发区外联局获悉…' });
    const text = (await cli('inspect', [])).stdout;
    expect(text).toContain('title: derived from the first sentence');
    expect(text).toContain('date: 约 2020-06-20 (page-estimate');
    expect(text).toContain('group headline: 巩固国家卫生城市 共建幸福美好家园');
  });

  it('news lists the items dated by their page estimate with the others of that date', async () => {
    const { articles } = JSON.parse((await cli('news', ['--index', index, '--date', '2020-06-20', '--json'])).stdout);
    expect(articles.map((a: { title: string; dateOrigin: string }) => [a.title, a.dateOrigin])).toEqual(
      expect.arrayContaining([
        ['“三大改造”助推区工业经济高质量发展', 'page-estimate'],
        ['今年以来，开发区着力优化发展环境，确保辖区企业生产经营平稳运行', 'latest-event-date'],
      ]),
    );
  });
});
