import { describe, expect, it } from 'vitest';
import { dateText, titleLabel } from '../src/render/labels.js';

describe('display labels: a derived title and an estimated date show as what they are', () => {
  it.each([
    [
      { title: '市政府第99次常务会议召开', titleOrigin: 'headline', kind: 'article' },
      'zh',
      '市政府第99次常务会议召开',
      false,
    ],
    [
      { title: '今年以来，开发区…', titleOrigin: 'first-sentence', kind: 'photo' },
      'zh',
      '图片新闻 · 今年以来，开发区…',
      true,
    ],
    [
      { title: '近年来，我市…', titleOrigin: 'first-sentence', kind: 'article' },
      'en',
      'From the text · 近年来，我市…',
      true,
    ],
    [{ title: 'A feed title' }, 'en', 'A feed title', false],
  ] as const)('%j (%s)', (a, lang, text, derived) => {
    expect(titleLabel(a, lang)).toEqual({ text, derived });
  });

  it.each([
    [{ date: '2020-06-20', dateOrigin: 'page-estimate' }, 'zh', '约 2020年6月20日'],
    [{ date: '2020-06-20', dateOrigin: 'page-estimate' }, 'en', 'about 2020-06-20'],
    [{ date: '2020-06-19', dateOrigin: 'latest-event-date' }, 'zh', '2020年6月19日 星期五'],
    [{ date: '--03-16', dateOrigin: 'latest-event-date' }, 'zh', '3月16日（年份不详）'],
    [{ date: '--03-16', dateOrigin: 'latest-event-date' }, 'en', '03-16 (year unknown)'],
    [{ date: null }, 'zh', '日期不详'],
  ] as const)('%j (%s)', (a, lang, text) => {
    expect(dateText(a, lang)).toBe(text);
  });
});
