import { describe, expect, it } from 'vitest';
import { marked, periodLine, renderAnswer } from '../src/render/terminal.js';
import type { Answer } from '../src/search/archive.js';
import { answerOf } from './support/answer.js';

const base: Answer = answerOf({ asks: 'how-many', answerType: 'number' });
const cite = {
  articleId: 'a',
  chunkId: 'a:0',
  title: '标题',
  date: '2020-03-16',
  source: '濮阳日报',
  url: 'https://x/a',
};

describe('terminal answers', () => {
  it('emphasise the answer: bold on a terminal, «…» in plain text', () => {
    const q = { text: '选派47名正科级干部', mark: { start: 2, end: 5 } };
    expect(marked(q)).toBe('选派«47名»正科级干部');
    expect(marked(q, true)).toBe('选派\u001b[1m47名\u001b[22m正科级干部');
  });

  it('a list is numbered, dated, with every page of it', () => {
    const text = renderAnswer({
      ...base,
      intent: 'list',
      quotes: [{ ...cite, text: '第一条。' }],
      hits: [{ ...cite, date: '2020-03-15', text: '第二条。', score: 1 }],
    });
    expect(text).toContain('1. 2020-03-16 · 标题 · 濮阳日报\n   > 第一条。');
    expect(text).toContain('2. 2020-03-15 · 标题 · 濮阳日报\n   > 第二条。');
  });

  it('no clear answer lists the core’s closest articles', () => {
    const text = renderAnswer({ ...base, answered: false, closest: [{ ...cite }] });
    expect(text).toContain('The archive holds no clear answer');
    expect(text).toContain('  - 标题 · 濮阳日报 · 2020-03-16  https://x/a');
  });

  it('the period searched is said the same way for every intent', () => {
    const period = { said: '最近', from: '2020-04-13', to: '2021-04-14', latest: true, relative: false, articles: 3 };
    expect(periodLine({ intent: 'list', period })).toBe(
      "“最近”: the archive's newest articles on this, dated 2020-04-13 to 2021-04-14, newest first.",
    );
    const year = {
      said: '2023年',
      from: '2023-01-01',
      to: '2023-12-31',
      latest: false,
      relative: false,
      articles: null,
    };
    expect(periodLine({ intent: 'factoid', period: year })).toBe(
      '“2023年”: articles dated 2023-01-01 to 2023-12-31 were preferred.',
    );
  });

  it('chatter gets a hint', () => {
    expect(renderAnswer({ ...base, intent: 'chatter', answered: false })).toMatch(/does not look like a question/u);
  });
});
