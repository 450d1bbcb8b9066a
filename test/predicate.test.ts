import { describe, expect, it } from 'vitest';
import { holdsPredicate, predicateOf } from '../src/search/predicate.js';
import { tagWords } from '../src/text/segment.js';

// A yes/no question about a person's act is answered only by a sentence that says the act, near its object: the
// person's name alone is written in many sentences that say nothing of it (sentences of the sample pages).

const holds = (q: string, text: string): boolean => holdsPredicate(text, predicateOf(q), () => tagWords(text));

describe('a yes/no question’s claim in a sentence', () => {
  it.each([
    ['习近平来濮阳了吗', '邵景良指出，近年来，我市深入贯彻落实习近平生态文明思想，牢牢扛起生态文明建设政治责任', false],
    ['习近平来濮阳了吗', '认真学习贯彻习近平总书记考察河南重要讲话精神，深入实施“四大战略”', false],
    ['邵景良到开发区督导了吗', '邵景良一行先后到开发区华安办、濮水办督导检查，一边走、一边看', true],
    ['杨青玖主持了常务会议吗', '4月14日，市长杨青玖主持召开市政府第99次常务会议，传达学习中央政治局会议精神', true],
    ['杨青玖主持了常务会议吗', '市长杨青玖出席会议并讲话', false],
  ])('%s ← %s: %s', (q, text, want) => {
    expect(holds(q, text)).toBe(want);
  });

  it.each([
    ['工业园区是全市唯一入选制造业高质量发展综合评价试点的吗', 'a thing, which a paper confirms in other words'],
    ['开发区有没有复工', 'no person'],
  ])('%s makes no claim of a person (%s)', (q) => {
    expect(predicateOf(q)).toEqual([]);
  });

  it('a one-character verb counts as a word, not inside another ("近年来")', () => {
    const groups = predicateOf('习近平来濮阳了吗');
    expect(groups[0]!.words).toContain('来');
    expect(groups[0]!.object).toBe('濮阳');
  });
});
