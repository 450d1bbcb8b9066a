import { describe, expect, it } from 'vitest';
import { isChatter } from '../src/search/intent.js';

describe('chatter is told from questions', () => {
  it.each([
    '谢谢',
    '谢谢！',
    '謝謝',
    '好的',
    '好的，谢谢',
    '收到',
    '哈哈哈',
    '👍',
    '🙏🙏',
    'thanks',
    'Thank you!',
    'ok',
    '你好',
    '   ',
  ])('%s is chatter', (text) => {
    expect(isChatter(text)).toBe(true);
  });

  it.each([
    '谢佳盼是谁？',
    '开发区选派了多少名首席服务员？',
    '6月19日开发区有什么新闻？',
    '好的新闻有哪些',
    '收到了吗？',
    '开发区',
    'What did the paper say about the industrial park?',
  ])('%s is not chatter', (text) => {
    expect(isChatter(text)).toBe(false);
  });
});
