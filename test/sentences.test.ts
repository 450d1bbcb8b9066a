import { describe, expect, it } from 'vitest';
import { readCorpus } from '../src/ingest/read-corpus.js';
import { CLOSERS, SENTENCE_END } from '../src/text/chars.js';
import { splitSentences } from '../src/text/sentences.js';

const pieces = (text: string, opts?: { semicolons?: boolean }): string[] =>
  splitSentences(text, opts).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  const cases: [string, string, string[]][] = [
    [
      'Chinese ends, a closer kept with its sentence',
      '3月16日下午，开发区召开复工复产工作推进会。会议强调：“要抓好落实！”随后进行了部署？',
      ['3月16日下午，开发区召开复工复产工作推进会。', '会议强调：“要抓好落实！”', '随后进行了部署？'],
    ],
    ['a run of ends is one cut', '真的吗？！……是的。', ['真的吗？！……', '是的。']],
    [
      'semicolons cut by default',
      '一是抓项目；二是抓服务;三是抓环境。',
      ['一是抓项目；', '二是抓服务;', '三是抓环境。'],
    ],
    ['line ends cut', '开发区新闻\n本报讯 近日，开发区召开会议。', ['开发区新闻\n', '本报讯 近日，开发区召开会议。']],
    ['white space after a line end joins the previous span', '标题\n   \n正文。', ['标题\n   \n', '正文。']],
    [
      'English full stops before white space (the space starts the next span)',
      'It rained. Then it stopped.',
      ['It rained.', ' Then it stopped.'],
    ],
    ['an abbreviation of one or two capitals is no end', 'See No. 5 today.', ['See No. 5 today.']],
    ['a decimal point is no end', '增长3.5个百分点。', ['增长3.5个百分点。']],
    ['text without an end is one span', '濮阳市华龙区', ['濮阳市华龙区']],
    ['leading blank text is skipped', '  \n开会。', ['开会。']],
  ];
  it.each(cases)('%s', (_name, text, want) => {
    expect(pieces(text)).toEqual(want);
  });

  it('keeps semicolons when asked not to cut there', () => {
    expect(pieces('一是抓项目；二是抓服务。', { semicolons: false })).toEqual(['一是抓项目；二是抓服务。']);
  });

  it('cuts the sample pages exactly as reading them one character string at a time did', async () => {
    const corpus = await readCorpus('data/sample');
    const texts = corpus.articles.map((a) => a.text);
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts)
      for (const semicolons of [true, false])
        expect(splitSentences(text, { semicolons })).toEqual(byCharacters(text, semicolons));
  });
});

/** The splitter as it was written before it looked characters up by code: the reference for the test above. */
function byCharacters(text: string, semicolons: boolean): { start: number; end: number }[] {
  const end = new Set(SENTENCE_END);
  const close = new Set(CLOSERS);
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    let cut = -1;
    if (end.has(ch) || (semicolons && (ch === '；' || ch === ';'))) {
      let j = i + 1;
      while (j < text.length && (end.has(text[j]!) || close.has(text[j]!))) j++;
      cut = j;
    } else if (
      ch === '.' &&
      (i + 1 >= text.length || /\s/u.test(text[i + 1]!)) &&
      i > 0 &&
      /[\p{L}\p{N})"']/u.test(text[i - 1]!)
    ) {
      const word = /([\p{L}]+)$/u.exec(text.slice(Math.max(0, i - 4), i))?.[1] ?? '';
      if (word.length > 2 || !/^[A-Z]/u.test(word)) cut = i + 1;
    } else if (ch === '\n') cut = i + 1;
    if (cut > 0) {
      if (text.slice(start, cut).trim().length > 0) spans.push({ start, end: cut });
      else if (spans.length > 0) spans[spans.length - 1]!.end = cut;
      start = cut;
      i = cut;
      continue;
    }
    i++;
  }
  if (start < text.length) {
    if (text.slice(start).trim().length > 0) spans.push({ start, end: text.length });
    else if (spans.length > 0) spans[spans.length - 1]!.end = text.length;
  }
  return spans;
}
