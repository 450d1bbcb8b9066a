import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { pagePayload } from '../src/bot/reply.js';
import type { Article } from '../src/ingest/article.js';
import {
  aboutEmbed,
  answerEmbed,
  articleChoice,
  cutAtSentence,
  cutGraphemes,
  dateChoice,
  echo,
  hitsEmbed,
  httpUrl,
  LIMITS,
  newsEmbed,
  safeText,
  sourceEmbed,
} from '../src/render/discord.js';
import type { Answer, Hit } from '../src/search/archive.js';
import { rng } from '../tools/random.js';
import { markupOf, wellFormed } from './support/discord-markup.js';

// Every payload built from random and adversarial text stays within Discord's limits, and nothing in it is live
// markup except the bot's own source links.

const FRAGMENTS = [
  '开发区召开会议。',
  '恒丰电子已申请专利14项，',
  '[官方通知](http://evil.example/phish)',
  '[x](<https://evil.example>)',
  '<https://evil.example/a>',
  'https://evil.example/login?a=(1)',
  'javascript:alert(1)',
  'ftp://evil.example/f',
  '@everyone',
  '@here',
  '<@555555555555555555>',
  '<@&777777777777777777>',
  '<#444444444444444444>',
  '<t:1600000000:R>',
  '</ask:123456789012345678>',
  '<:smile:123456789012345678>',
  '<a:dance:123456789012345678>',
  '# ',
  '## ',
  '-# ',
  '> ',
  '>>> ',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '2) ',
  '```js\n',
  '`',
  '||',
  '~~',
  '**',
  '__',
  '*',
  '_',
  '\\',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u001b[31m',
  '\u202e',
  '\u2066',
  '\u200b',
  '\u200d',
  '\ufeff',
  '👨‍👩‍👧‍👦',
  '🇨🇳',
  '👍🏽',
  'é',
  '𠀀',
  '\ud800',
  '\udc00',
  ' ',
  '…',
  '。',
  '！',
  'a',
  '1',
];
const URLS = [
  'https://news.example.org/articles/abc?q=%E5%BC%80#c1',
  'http://paper.example.cn/2020/06/19/a.html',
  'https://x.example/p(1)',
  'ftp://evil.example/f',
  'javascript:alert(1)',
  'mailto:a@b.c',
  'not a url',
  '',
];

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const text = (maxParts: number): string => {
    const n = Math.floor(r() * maxParts);
    let s = '';
    for (let i = 0; i < n; i++) s += r() < 0.15 ? '字'.repeat(Math.floor(r() * 400)) : pick(FRAGMENTS);
    return s;
  };
  const citation = (): Hit => ({
    text: text(40) || '一',
    articleId: `a${Math.floor(r() * 1000)}`,
    chunkId: 'c',
    title: text(20),
    date: pick([null, '2020-06-19', '--06-19']),
    source: text(8),
    url: pick(URLS),
    score: r(),
  });
  const answer = (): Answer => {
    const hits = Array.from({ length: Math.floor(r() * 15) }, citation);
    return {
      question: `问${text(30)}`, // the bot asks only what has something to search for
      intent: 'factoid',
      asks: null,
      answerType: null,
      period: null,
      answered: r() < 0.6,
      confidence: r(),
      mode: pick(['hybrid', 'lexical'] as const),
      quotes: Array.from({ length: Math.floor(r() * 4) }, citation),
      hits,
      closest: [],
      timingsMs: { embed: 0, dense: 0, lexical: 0, answer: 0, total: 0 },
      // notes are data the renderer words, which may quote the question (what it said of a period)
      notes: Array.from({ length: Math.floor(r() * 4) }, () => ({
        code: 'period-empty' as const,
        said: text(10),
        range: { from: '2020-06-01', to: '2020-06-30' },
        archive: null,
      })),
    };
  };
  const article = (): Article =>
    ({
      id: `id-${text(3).slice(0, 20)}`,
      kind: pick(['article', 'photo']),
      title: text(25),
      source: text(6),
      url: r() < 0.5 ? pick(URLS) : undefined,
      date: pick(['2020-06-19', '--06-19', undefined]),
      dateOrigin: pick(['issue-date', 'latest-event-date', 'feed', 'none']),
      yearSource: pick(['operator', 'text', undefined]),
      byline: { reporters: [text(3)], correspondents: [], authors: [text(2)], photographers: [] },
      text: text(80),
    }) as unknown as Article;
  return { r, pick, text, answer, article };
}

/** The http(s) URLs the test gave the renderers, as links may carry them. */
const ALLOWED = new Set(URLS.map(httpUrl).filter(Boolean));

function checkMarkdown(s: string, where: string): void {
  expect(wellFormed(s), `${where}: lone surrogate in ${JSON.stringify(s)}`).toBe(true);
  const m = markupOf(s);
  expect(m.live, `${where}: live markup in ${JSON.stringify(s)}`).toEqual([]);
  for (const link of m.links) {
    expect(link.kind, `${where}: ${JSON.stringify(s)}`).toBe('masked');
    expect(ALLOWED.has(link.url), `${where}: link to ${link.url}`).toBe(true);
  }
}

function checkEmbed(e: APIEmbed): void {
  const size =
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  expect(size).toBeLessThanOrEqual(LIMITS.embedTotal);
  if (e.title !== undefined) {
    expect(e.title.length).toBeGreaterThan(0);
    expect(e.title.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    checkMarkdown(e.title, 'title');
  }
  if (e.url !== undefined) expect(e.url).toMatch(/^https?:\/\//u);
  if (e.description !== undefined) {
    expect(e.description.length).toBeGreaterThan(0);
    expect(e.description.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    checkMarkdown(e.description, 'description');
  }
  expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.embedFields);
  for (const f of e.fields ?? []) {
    expect(f.name.length).toBeGreaterThan(0);
    expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
    expect(f.value.length).toBeGreaterThan(0);
    expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    checkMarkdown(f.value, 'field');
  }
  if (e.footer) {
    expect(e.footer.text.length).toBeLessThanOrEqual(LIMITS.footer);
    expect(wellFormed(e.footer.text)).toBe(true);
  }
}

const graphemeEnds = (s: string): Set<number> => {
  const ends = new Set([0]);
  for (const g of new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(s))
    ends.add(g.index + g.segment.length);
  return ends;
};

const RUNS = 200;

describe('rendering random and adversarial text', () => {
  it('answers and result pages: within limits, nothing live but the source links', () => {
    const g = generator(1);
    for (let i = 0; i < RUNS; i++) {
      const a = g.answer();
      checkEmbed(answerEmbed(a));
      const pages = 1 + Math.ceil(a.hits.length / 3);
      checkEmbed(hitsEmbed(a.question, a.hits.slice(0, 3), 1, pages, a.mode));
      const payload = pagePayload(a, '0123456789ab', Math.floor(g.r() * pages));
      for (const row of payload.components ?? []) {
        for (const b of (row as { toJSON(): { components: { custom_id?: string; label?: string }[] } }).toJSON()
          .components) {
          expect(b.custom_id!.length).toBeLessThanOrEqual(100);
          expect(b.label!.length).toBeLessThanOrEqual(80);
        }
      }
    }
  });

  it('news lists, source cards and /about: within limits, nothing live but the source links', () => {
    const g = generator(2);
    for (let i = 0; i < RUNS; i++) {
      const articles = Array.from({ length: Math.floor(g.r() * 40) }, g.article);
      checkEmbed(newsEmbed('2020-06-19', articles, (a) => a.url ?? g.pick(URLS), ['2020-06-18']));
      const a = g.article();
      checkEmbed(sourceEmbed(a, g.pick(URLS)));
      checkEmbed(
        aboutEmbed(
          {
            articles: 3,
            chunks: 9,
            papers: Array.from({ length: Math.floor(g.r() * 300) }, () => g.text(5)),
            firstDate: '2020-01-01',
            lastDate: '2021-01-01',
            undated: 1,
            mode: g.pick(['hybrid', 'lexical'] as const),
            modeReason: g.text(20),
            model: g.text(5),
            builtAt: g.text(3),
          },
          { base: g.pick(['http://127.0.0.1:8787', 'https://news.example.org']), localOnly: g.r() < 0.5 },
        ),
      );
      for (const c of [articleChoice(a), dateChoice({ date: '2020-06-19', count: 3 })]) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(wellFormed(c.name)).toBe(true);
      }
    }
  });

  it('echoed input is escaped, and every cut falls on a grapheme boundary', () => {
    const g = generator(3);
    for (let i = 0; i < RUNS; i++) {
      const s = g.text(60);
      const max = 2 + Math.floor(g.r() * 120);
      const echoed = echo(s, max);
      expect(echoed.length).toBeLessThanOrEqual(max);
      checkMarkdown(`I cannot read "${echoed}" as a date`, 'echo');
      for (const cut of [cutGraphemes(s, max), cutAtSentence(s, max)]) {
        expect(cut.length).toBeLessThanOrEqual(max);
        const kept = cut === s ? s : cut.replace(/…$/u, '');
        expect(s.startsWith(kept)).toBe(true);
        expect(graphemeEnds(s).has(kept.length)).toBe(true);
      }
      checkMarkdown(safeText(s), 'safeText');
    }
  });
});
