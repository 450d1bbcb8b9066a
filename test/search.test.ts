import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../src/index/store.js';
import { messages } from '../src/render/messages.js';
import { Archive } from '../src/search/archive.js';
import { linkBuilder } from '../src/search/links.js';
import { parseUserDate } from '../src/search/question.js';
import { checkQuestion } from '../src/search/validate.js';
import { buildTestIndex, testEmbedder } from './support/fixtures.js';

const questions = readFileSync('data/eval/sample-questions.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { question: string; answers: string[] });
const unanswerable = readFileSync('data/eval/sample-unanswerable.txt', 'utf8').trim().split('\n');

let lexical: Archive;
let hybrid: Archive;
beforeAll(async () => {
  const link = linkBuilder('https://news.example.org');
  lexical = new Archive(loadIndex((await buildTestIndex({})).indexDir), undefined, link);
  const e = await testEmbedder();
  // The test model's similarities mean nothing: dense evidence is set explicitly, as a real model's would be.
  hybrid = new Archive(loadIndex((await buildTestIndex({ embedder: e })).indexDir), e, link, undefined, {
    denseSimilarity: 0.9,
  });
});

describe('answers are the paper’s own words', () => {
  it('every quote is an exact substring of its article, in both modes, over all sample and unanswerable questions', async () => {
    let quotes = 0;
    for (const archive of [lexical, hybrid]) {
      for (const q of [
        ...questions.map((x) => x.question),
        ...unanswerable,
        'What did the paper say about the new industrial park?',
      ]) {
        const a = await archive.ask(q);
        for (const quote of a.quotes) {
          expect(archive.article(quote.articleId)!.text).toContain(quote.text);
          expect(quote.text.length).toBeGreaterThan(3);
          quotes++;
        }
        for (const h of a.hits) expect(archive.article(h.articleId)!.text).toContain(h.text);
      }
    }
    expect(quotes).toBeGreaterThan(100);
  });

  it('answers a sample question with the number asked for, its source and a link', async () => {
    const a = await lexical.ask('开发区选派了多少名正科级干部担任首席服务员？');
    expect(a.answered).toBe(true);
    expect(a.mode).toBe('lexical');
    const q = a.quotes.find((x) => x.text.includes('47名正科级干部'))!;
    expect(q).toMatchObject({ title: '开发区召开复工复产工作推进会', date: '2020-03-16', source: '濮阳日报' });
    expect(q.url).toMatch(/^https:\/\/news\.example\.org\/articles\/[0-9a-f]{12}\?q=.+#c\d+$/u);
  });

  it('says when the archive holds no clear answer, and lists the closest articles instead', async () => {
    for (const q of unanswerable) {
      const a = await lexical.ask(q);
      expect(a.answered, q).toBe(false);
      expect(a.quotes).toEqual([]);
    }
    expect((await lexical.ask('濮阳的房价是多少？')).hits.length).toBeGreaterThan(0);
  });

  it('finds Simplified news for a question in Traditional characters', async () => {
    const a = await lexical.ask('開發區選派了多少名正科級幹部擔任首席服務員？');
    expect(a.quotes.some((q) => q.text.includes('47名正科级干部'))).toBe(true);
  });

  it('filters by date, and lifts articles of a date the question names', async () => {
    const all = await lexical.ask('开发区召开会议', { top: 10 });
    const june = await lexical.ask('开发区召开会议', { top: 10, from: '2020-06-01', to: '2020-06-30' });
    expect(june.hits.length).toBeGreaterThan(0);
    for (const h of june.hits) expect(h.date! >= '2020-06-01' && h.date! <= '2020-06-30').toBe(true);
    expect(new Set(all.hits.map((h) => h.date)).size).toBeGreaterThan(1);
    // the filter as the period searched: the reader's bounds in no language, for each renderer to word
    expect(june.period).toMatchObject({ said: '2020-06-01 – 2020-06-30', from: '2020-06-01', to: '2020-06-30' });
    const from = await lexical.ask('开发区召开会议', { from: '2020-06-01' });
    expect(from.period).toMatchObject({ said: '2020-06-01', from: '2020-06-01', to: '9999-12-31' });
    expect(messages('zh').period(from)).toBe('“2020-06-01”：优先选用日期在2020年6月1日及以后的文章。');
    // A date-scoped list: the articles of that day, each with a lead quote.
    const dated = await lexical.ask('3月17日开发区有什么新闻？');
    expect(dated.intent).toBe('list');
    expect(dated.quotes.length).toBeGreaterThan(0);
    for (const q of dated.quotes) expect(q.date).toBe('2020-03-17');
  });

  it('keeps at most two passages of one article among the hits', async () => {
    const a = await lexical.ask('示范区优化营商环境', { top: 20 });
    const per = new Map<string, number>();
    for (const h of a.hits) per.set(h.articleId, (per.get(h.articleId) ?? 0) + 1);
    expect(Math.max(...per.values())).toBeLessThanOrEqual(2);
  });

  it('reports its mode, and times each phase within the total; only hybrid search embeds and searches vectors', async () => {
    const phases = (t: { embed: number; dense: number; lexical: number; answer: number }): number =>
      t.embed + t.dense + t.lexical + t.answer;
    const h = await hybrid.ask('首席服务员');
    expect(h.mode).toBe('hybrid');
    expect(h.timingsMs.embed).toBeGreaterThan(0);
    expect(h.timingsMs.dense).toBeGreaterThan(0);
    // Each phase is rounded to 0.01 ms on its own, so the sum may pass the total by a few hundredths.
    expect(phases(h.timingsMs)).toBeLessThanOrEqual(h.timingsMs.total + 0.05);
    const l = await lexical.ask('首席服务员');
    expect(l.mode).toBe('lexical');
    expect(l.timingsMs).toMatchObject({ embed: 0, dense: 0 });
    expect(l.timingsMs.lexical).toBeGreaterThan(0);
    expect(phases(l.timingsMs)).toBeLessThanOrEqual(l.timingsMs.total + 0.05);
  });

  it('hybrid search finds passages through the vectors where no word matches', async () => {
    const q = 'What did the paper say about the new industrial park?';
    expect((await lexical.ask(q)).hits).toEqual([]);
    expect((await hybrid.ask(q)).hits.length).toBeGreaterThan(0);
  });

  it('warns that an English question cannot match Chinese text without a model', async () => {
    const a = await lexical.ask('What did the paper say about the new industrial park?');
    expect(a.notes).toContainEqual({ code: 'words-only' });
  });
});

describe('archive lookups', () => {
  it('lists the news of a date, including articles whose year is unknown only by month and day', () => {
    expect(lexical.news(parseUserDate('2020-03-17')!.date).map((a) => a.title)).toContain(
      '濮阳市医药医疗器械产业园揭牌开园',
    );
    expect(lexical.news(parseUserDate('6月19日')!.date).length).toBeGreaterThan(0);
    expect(lexical.news(parseUserDate('1999-01-01')!.date)).toEqual([]);
  });

  it("lists a day's news newest day first, each day as the paper printed it (page, then place on the page)", () => {
    const day = lexical.news(parseUserDate('6月19日')!.date);
    expect(day.length).toBeGreaterThan(2);
    for (let i = 1; i < day.length; i++) {
      const [a, b] = [day[i - 1]!, day[i]!];
      expect((a.date ?? '') >= (b.date ?? '')).toBe(true);
      if (a.date === b.date && a.file === b.file && a.page === b.page) {
        expect(a.range!.start).toBeLessThan(b.range!.start);
      }
    }
  });

  it('finds articles by id, title words, or similar titles', () => {
    const [a] = lexical.findArticles('恒丰电子');
    expect(a!.title).toBe('恒丰电子：让更多“濮阳造”走出国门');
    expect(lexical.findArticles(a!.id)).toEqual([a]);
  });

  it('describes itself', () => {
    const s = lexical.stats();
    expect(s).toMatchObject({
      mode: 'lexical',
      firstDate: '2020-03-16',
      lastDate: '2021-04-14',
      papers: ['濮阳日报', '焦作报纸（示范区版）'],
    });
  });
});

describe('questions', () => {
  it.each([
    ['', 'empty'],
    ['   \n\t ', 'empty'],
    ['问'.repeat(501), 'too-long'],
  ])('%j is refused as %s', (q, reason) => {
    expect(checkQuestion(q, 500)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ['2020-06-19', '2020-06-19'],
    ['2020/6/19', '2020-06-19'],
    ['6月19日', '--06-19'],
    ['--06-19', '--06-19'],
    ['today', new Date().toISOString().slice(0, 10)],
  ])('user date %s', (input, expected) => {
    expect(parseUserDate(input)!.text).toBe(expected);
  });

  it('rejects what is not a date', () => {
    expect(parseUserDate('next week')).toBeUndefined();
    expect(parseUserDate('2020-13-40')).toBeUndefined();
    expect(parseUserDate('--13-40')).toBeUndefined();
  });
});

describe('chatter and follow-ups', () => {
  it('answers chatter with nothing at all: no quote, no hit', async () => {
    for (const text of ['好的', '谢谢', '👍']) {
      const a = await lexical.ask(text);
      expect(a).toMatchObject({ intent: 'chatter', answered: false, quotes: [], hits: [] });
    }
  });

  it('reads a follow-up in the light of the earlier question and prefers the articles it quoted', async () => {
    const first = await lexical.ask('开发区选派了多少名正科级干部担任首席服务员？');
    const articleIds = [...new Set(first.quotes.map((q) => q.articleId))];
    const alone = await lexical.ask('那是哪天？');
    const followUp = await lexical.ask('那是哪天？', { context: { question: first.question, articleIds } });
    expect(alone.hits[0]?.articleId).not.toBe(articleIds[0]);
    expect(followUp.hits[0]?.articleId).toBe(articleIds[0]);
  });
});
