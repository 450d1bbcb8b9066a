import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cleanLayoutArticles } from '../src/ingest/layout-page.js';
import { contentChars } from '../src/sources/near-duplicate.js';
import { layoutPage } from '../src/sources/pdf/layout.js';
import { pdfArticles } from '../src/sources/pdf/pdf-articles.js';
import { mapRadicals } from '../src/sources/pdf/radicals.js';
import { readPdf } from '../src/sources/pdf/read-pdf.js';
import {
  type KnownArticle,
  makeNewspaperPdf,
  type PrintedArticle,
  printedFromArticles,
} from '../tools/sources/make-newspaper-pdf.js';
import { SAMPLE_FILES, samplePage } from '../tools/sources/source-fixtures.js';
import { tempDir } from './support/fixtures.js';

// E-paper pages generated from the sample pages' articles (known headlines, known text), read back through pdf.js
// and the layout step: how many headlines and article boundaries come back.

const PAGE = { paper: '濮阳日报', dateLine: '2020年6月19日 星期五', pageLine: '第3版 开发区新闻' };

interface Recovery {
  headlines: number;
  printedHeadlines: number;
  boundaries: number;
  printed: number;
  exact: number;
  found: number;
}

async function recover(printed: PrintedArticle[], known: KnownArticle[]): Promise<Recovery> {
  const { pages } = await readPdf(await makeNewspaperPdf({ ...PAGE, articles: printed }));
  const got = cleanLayoutArticles(pages.flatMap((p) => layoutPage(p).articles));
  const r: Recovery = {
    headlines: 0,
    printedHeadlines: 0,
    boundaries: 0,
    printed: known.length,
    exact: 0,
    found: got.length,
  };
  for (const k of known) {
    const g = k.photo
      ? got.find((x) => x.photo && contentChars(x.text) === contentChars(k.text))
      : got.find((x) => x.titleOrigin === 'headline' && contentChars(x.title) === contentChars(k.headline!));
    if (!k.photo) r.printedHeadlines++;
    if (g && !k.photo) r.headlines++;
    const want = contentChars(k.text);
    const have = g ? contentChars(g.text) : '';
    // A boundary is right when the article starts and ends where the printed one does.
    if (g && want.slice(0, 20) === have.slice(0, 20) && want.slice(-20) === have.slice(-20)) r.boundaries++;
    if (g && g.text === k.text) r.exact++;
  }
  return r;
}

describe('PDF layout on generated e-paper pages', () => {
  it.each(SAMPLE_FILES)(
    '%s: every headline and article boundary is recovered from font sizes and positions',
    async (file) => {
      const { printed, known } = printedFromArticles(samplePage(file));
      const r = await recover(printed, known);
      console.log(`layout ${file}: ${JSON.stringify(r)}`);
      expect(r.headlines).toBe(r.printedHeadlines);
      expect(r.boundaries).toBe(r.printed);
      expect(r.found).toBe(r.printed);
      // Text as cleaned (openers, bylines, photo credits out) equals the page pipeline's, but where a line broke at a
      // space the printed page shows none: at most one such article per page.
      expect(r.exact).toBeGreaterThanOrEqual(r.printed - 1);
    },
  );

  it('kickers and subtitles join their headline; a centred headline and a vertical one still head their articles', async () => {
    const { printed, known } = printedFromArticles(samplePage('001_ee0f4ca5fc9aae66.txt'));
    const at = (title: string) => printed.findIndex((p) => p.headline === title);
    const withKicker = at('开发区助力外向型经济发展');
    const vertical = at('团区委：复学路上不落下一个孩子');
    const centred = at('雪汇食品：在发展中回馈社会');
    printed[withKicker] = { ...printed[withKicker]!, kicker: '稳外贸 增外资 促外经', subtitle: '——开发区召开工作会议' };
    printed[vertical] = { ...printed[vertical]!, vertical: true };
    printed[centred] = { ...printed[centred]!, centred: true };
    const k = known.find((x) => x.headline === '开发区助力外向型经济发展')!;
    k.headline = `稳外贸 增外资 促外经 ${k.headline} ——开发区召开工作会议`;
    const r = await recover(printed, known);
    console.log(`layout 001 with kicker, subtitle, vertical and centred headlines: ${JSON.stringify(r)}`);
    expect(r.headlines).toBe(r.printedHeadlines);
    expect(r.boundaries).toBe(r.printed);
  });

  it('finds the issue date in the masthead when the source gives none, and the page’s text in reading order', async () => {
    const { printed } = printedFromArticles(samplePage('000_7fb74385c778d7a9.txt'));
    const pdf = await makeNewspaperPdf({ ...PAGE, articles: printed });
    const pages = await pdfArticles(pdf, { timeZone: 'Asia/Shanghai' });
    expect(pages[0]).toMatchObject({ issueDate: '2020-06-19', dateOrigin: 'masthead' });
    const given = await pdfArticles(pdf, { timeZone: 'Asia/Shanghai', issueDate: '2020-06-20' });
    expect(given[0]).toMatchObject({ issueDate: '2020-06-20', dateOrigin: 'source' });
    const lead = pages[0]!.articles[0]!;
    expect(lead.title).toBe('全力开创优良营商环境建设新局面');
    expect(lead.text.startsWith('6月19日，开发区党工委营商环境建设委员会第一次会议召开。')).toBe(true);
    expect(lead.byline.authors).toEqual(['姜森']);
  });

  it('a page whose fonts lost their ToUnicode map is reported as unreadable, not indexed', async () => {
    const { printed } = printedFromArticles(samplePage('003_913128f7662c2e0b.txt'));
    const pdf = await makeNewspaperPdf({ ...PAGE, articles: printed });
    // Same length, so the cross-reference offsets stay right: the font dictionaries just have no map any more.
    const broken = Buffer.from(pdf.toString('latin1').replace(/\/ToUnicode/gu, '/ToUnicodX'), 'latin1');
    const pages = await pdfArticles(broken, { timeZone: 'Asia/Shanghai' });
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) {
      expect(p.articles).toEqual([]);
      expect(p.unreadable).toMatch(/ToUnicode|OCR/u);
    }
  });

  it('Type 3 fonts (Chromium with Noto CJK) come back as radicals; they are mapped to the characters meant', async () => {
    const font = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
    expect(existsSync(font), 'fonts-noto-cjk is needed (.ci/run installs it)').toBe(true);
    const article = samplePage('000_7fb74385c778d7a9.txt').find((a) => a.title.startsWith('“三大改造”'))!;
    const dir = tempDir('chromium-pdf');
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
      body { font-family: "Noto Serif CJK SC"; margin: 2cm; } h1 { font-size: 26pt; } p { font-size: 10.5pt; text-indent: 2em; margin: 0; line-height: 1.6; }
      </style></head><body><h1>${article.title}</h1>${article.text
        .split('\n')
        .map((p) => `<p>${p}</p>`)
        .join('')}</body></html>`;
    writeFileSync(join(dir, 'page.html'), html);
    await promisify(execFile)(
      '/usr/bin/chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-pdf-header-footer',
        `--print-to-pdf=${join(dir, 'page.pdf')}`,
        join(dir, 'page.html'),
      ],
      { timeout: 60_000 },
    );
    const bytes = readFileSync(join(dir, 'page.pdf'));
    // As pdf.js reads it, before mapping: radicals where ideographs were meant.
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const raw = await (await doc.getPage(1)).getTextContent();
    expect(raw.items.map((i) => ('str' in i ? i.str : '')).join('')).toMatch(/[\u2e80-\u2eff\u2f00-\u2fdf]/u);
    await doc.destroy();
    const pages = await pdfArticles(bytes, { timeZone: 'Asia/Shanghai', issueDate: '2020-06-19' });
    const text = pages.flatMap((p) => p.articles.map((a) => `${a.title}\n${a.text}`)).join('\n');
    expect(text).not.toMatch(/[\u2e80-\u2eff\u2f00-\u2fdf]/u);
    expect(contentChars(text)).toBe(contentChars(`${article.title}${article.text}`));
    expect(pages[0]!.articles[0]!.title).toBe(article.title);
  });

  it('maps radicals to the characters Chromium meant, and leaves other text alone', () => {
    expect(mapRadicals('濮阳⽇报 ⻓江 ⻔口 ⻣⼲ ⼾籍')).toBe('濮阳日报 长江 门口 骨干 户籍');
    expect(mapRadicals('开发区 2020年 ABC，。')).toBe('开发区 2020年 ABC，。');
  });
});
