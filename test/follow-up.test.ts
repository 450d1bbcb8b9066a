import { describe, expect, it } from 'vitest';
import { followsOn } from '../src/search/follow-up.js';

// Where nothing says which answer a line follows (the terminal chat), only a line that cannot stand alone is read
// with the conversation's last question.
describe('a line that follows on from the question before it', () => {
  it.each([
    ['那恒丰电子呢？', true],
    ['还有示范区呢', true],
    ['好的谢谢，那恒丰电子呢', true],
    ['7月1日呢？', true],
    ['示范区的呢?', true],
    ['what about Hengfeng?', true],
    ['雪汇食品公司在哪里？', false],
    ['恒丰电子总经理是谁？', false],
    ['6月19日开发区有什么新闻？', false],
    ['开发区选派了多少名首席服务员？', false],
    ['谢谢', false],
  ])('%s → %s', (line, follows) => {
    expect(followsOn(line)).toBe(follows);
  });
});
