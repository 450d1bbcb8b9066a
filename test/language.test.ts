import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { localeLanguage, replyLanguage, textLanguage } from '../src/render/language.js';

describe('the language a reply is written in', () => {
  it.each([
    ['开发区选派了多少名首席服务员？', 'zh'],
    ['誰主持召開了市政府第99次常務會議？', 'zh'], // Traditional script: Chinese too
    ['GDP增长了多少？', 'zh'], // a Latin acronym inside a Chinese question
    ['6月19日', 'zh'],
    ['2020年3月', 'zh'],
    ['What did the paper say about the new industrial park?', 'en'],
    ['What did the paper say about 恒丰电子?', 'en'], // a Chinese name inside an English question
    ['today', 'en'],
    ['2020-06-19', undefined], // digits say nothing of a language
    ['🤔🤔', undefined],
    ['', undefined],
  ])('%j is %s', (text, lang) => {
    expect(textLanguage(text)).toBe(lang);
  });

  it.each([
    ['zh-CN', 'zh'],
    ['zh-TW', 'zh'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['ja', undefined],
    ['fr', undefined],
    [undefined, undefined],
  ])('the Discord locale %s reads as %s', (locale, lang) => {
    expect(localeLanguage(locale)).toBe(lang);
  });

  it('the words decide first, then the locale, then the operator default', () => {
    expect(replyLanguage({ text: '开发区有哪些新闻？', locale: 'en-US', fallback: 'en' })).toBe('zh');
    expect(replyLanguage({ text: 'news of the park', locale: 'zh-CN', fallback: 'zh' })).toBe('en');
    expect(replyLanguage({ text: '2020-06-19', locale: 'zh-TW', fallback: 'en' })).toBe('zh');
    expect(replyLanguage({ text: '2020-06-19', locale: 'en-US', fallback: 'zh' })).toBe('en');
    expect(replyLanguage({ text: '2020-06-19', locale: 'ja', fallback: 'en' })).toBe('en');
    expect(replyLanguage({ locale: 'de', fallback: 'zh' })).toBe('zh');
  });
});

describe('DEFAULT_REPLY_LANGUAGE', () => {
  it('is zh unless the operator says otherwise', () => {
    expect(loadConfig({}).DEFAULT_REPLY_LANGUAGE).toBe('zh');
    expect(loadConfig({ DEFAULT_REPLY_LANGUAGE: 'en' }).DEFAULT_REPLY_LANGUAGE).toBe('en');
  });

  it('names a language it has no messages for', () => {
    expect(() => loadConfig({ DEFAULT_REPLY_LANGUAGE: 'fr' })).toThrow(ConfigError);
    try {
      loadConfig({ DEFAULT_REPLY_LANGUAGE: 'fr' });
    } catch (e) {
      expect((e as ConfigError).problems.join('\n')).toMatch(/DEFAULT_REPLY_LANGUAGE: .*\(got "fr"\)/u);
    }
  });
});
