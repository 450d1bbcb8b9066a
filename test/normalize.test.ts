import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Cn2t from 'opencc-js/cn2t';
import { describe, expect, it } from 'vitest';
import { CHANGING_CHARACTERS } from '../src/text/changing-characters.js';
import { changingCharacters, dictionaryEntries, normalizeForSearch, normalizeWhole } from '../src/text/normalize.js';

// Traditional → Simplified converts only the clauses that hold a character the dictionaries change; it must give
// exactly what converting the whole text gives, on the sample pages as printed and turned into Traditional script.

const SAMPLE = 'data/sample';
const pages = readdirSync(SAMPLE)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(SAMPLE, f), 'utf8'));
const toHk = Cn2t.Converter({ from: 'cn', to: 'hk' });
const toTw = Cn2t.Converter({ from: 'cn', to: 'twp' });

describe('normalising for search', () => {
  it.each([
    ['開發區選派了多少名首席服務員？', '开发区选派了多少名首席服务员?'],
    ['督察組受理舉報電話時間為每天8：00—20：00。', '督察组受理举报电话时间为每天8:00—20:00。'],
    ['濮陽國家衛生城市復審準備得怎麼樣？', '濮阳国家卫生城市复审准备得怎么样?'],
    [
      '恒丰电子是开发区近年来招引的重点项目，主要生产均苯四甲酸酐等产品。',
      '恒丰电子是开发区近年来招引的重点项目,主要生产均苯四甲酸酐等产品。',
    ],
    ['ＡＢＣ　ｉ濮阳', 'abc i濮阳'],
  ])('%s → %s', (text, want) => {
    expect(normalizeForSearch(text)).toBe(want);
  });

  it('gives what converting the whole text gives: the sample pages, in Simplified and two Traditional scripts', () => {
    for (const page of pages) {
      for (const text of [page, toHk(page), toTw(page)]) expect(normalizeForSearch(text)).toBe(normalizeWhole(text));
    }
  });

  it('gives what converting the whole text gives for every dictionary entry, alone and inside Simplified news', () => {
    // The clause shortcut skips text with none of its characters: an entry it misjudged would differ here.
    const around = ['', '开发区', '台风', '税务', '。'];
    for (const [from, to] of dictionaryEntries())
      for (const text of [
        from,
        to,
        ...around.map((a) => `${a}${from}${around[around.length - 1 - around.indexOf(a)]}`),
      ])
        expect(normalizeForSearch(text), text).toBe(normalizeWhole(text));
  });

  it("the generated list of changing characters is the dictionaries' (npx tsx tools/changing-characters.ts)", () => {
    expect(CHANGING_CHARACTERS.join('')).toBe(changingCharacters().join(''));
  });

  it('a text with no character the dictionaries change comes back as it went in, lower-cased', () => {
    const line = '开发区召开复工复产工作推进会';
    expect(normalizeForSearch(line)).toBe(line);
  });
});
