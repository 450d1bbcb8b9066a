import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Article } from '../../src/ingest/article.js';

// Newspaper pages as e-paper PDFs, generated from known articles with a Debian CJK font: a masthead with the paper,
// date and page; articles in rectangular modules over five columns, each with its headline across the module and
// its body flowing through the module's columns; photo boxes with 8 pt captions; rules between modules. The layout is
// known, so what the PDF layout step recovers can be counted against it.

export interface PrintedArticle {
  headline?: string;
  /** A smaller line over the headline (引题) and one under it (副题). */
  kicker?: string;
  subtitle?: string;
  /** The headline set vertically, one character a line, left of the body. */
  vertical?: boolean;
  /** The headline centred over its module rather than set from its left edge. */
  centred?: boolean;
  /** Paragraphs as printed (with "本报讯（记者 …）" and trailing bylines where the paper prints them). */
  paragraphs: string[];
  /** A photo caption module instead of an article. */
  photo?: boolean;
}

export interface PrintedPage {
  paper: string;
  /** e.g. "2020年6月19日 星期五" */
  dateLine: string;
  pageLine: string;
  articles: PrintedArticle[];
}

/** Debian's fonts-wqy-microhei (in .ci/run); Noto CJK as a second choice. */
export const CJK_FONTS = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
];

export function cjkFont(): { path: string; family: string } {
  const f = CJK_FONTS.find((x) => existsSync(x.path));
  if (!f) throw new Error('no CJK font: apt-get install fonts-wqy-microhei (see .ci/run)');
  return f;
}

const PAGE = { width: 960, height: 1440, margin: 36 };
const COLUMNS = 5;
const GUTTER = 14;
const BODY = { size: 9, lineGap: 4 };
const CAPTION = { size: 7.5, lineGap: 2 };
const HEADLINE_SIZE = (span: number): number => (span >= 3 ? 24 : span === 2 ? 20 : 16);
const PHOTO_HEIGHT = 110;
const KICKER_SIZE = 11;
const SUBTITLE_SIZE = 13;
const VERTICAL = { size: 20, width: 34 };
const MODULE_PAD = 10;

const columnWidth = (PAGE.width - 2 * PAGE.margin - (COLUMNS - 1) * GUTTER) / COLUMNS;
const spanWidth = (span: number): number => span * columnWidth + (span - 1) * GUTTER;

type Doc = PDFKit.PDFDocument;

interface Module {
  article: PrintedArticle;
  span: number;
  height: number;
}

function bodyOptions(span: number, width: number, height?: number): PDFKit.Mixins.TextOptions {
  return {
    width,
    columns: span,
    columnGap: GUTTER,
    lineGap: BODY.lineGap,
    indent: 2 * BODY.size,
    ...(height !== undefined ? { height } : {}),
  };
}

/** Height of the body flowed over `span` columns: one column's text height shared out, plus a line of slack. */
function bodyHeight(doc: Doc, a: PrintedArticle, span: number, width: number): number {
  doc.fontSize(BODY.size);
  const one = doc.heightOfString(a.paragraphs.join('\n'), {
    width: (width - (span - 1) * GUTTER) / span,
    lineGap: BODY.lineGap,
    indent: 2 * BODY.size,
  });
  const line = BODY.size * 1.4 + BODY.lineGap;
  // Columns break between lines and paragraphs are indented anew in each, so each may hold less than its share.
  return Math.ceil(one / span / line + 2 + span) * line;
}

function measure(doc: Doc, a: PrintedArticle): Module {
  if (a.photo) {
    doc.fontSize(CAPTION.size);
    const cap = doc.heightOfString(a.paragraphs.join(''), { width: spanWidth(1), lineGap: CAPTION.lineGap });
    return { article: a, span: 1, height: PHOTO_HEIGHT + 6 + cap + MODULE_PAD };
  }
  const length = a.paragraphs.join('').length;
  const span = a.vertical ? 2 : length > 900 ? 3 : length > 450 ? 2 : 1;
  if (a.vertical) {
    const body = bodyHeight(doc, a, span, spanWidth(span) - VERTICAL.width);
    const head = Array.from(a.headline ?? '').length * VERTICAL.size * 1.25;
    return { article: a, span, height: Math.max(body, head) + MODULE_PAD };
  }
  const width = spanWidth(span);
  let head = 0;
  if (a.kicker) head += doc.fontSize(KICKER_SIZE).heightOfString(a.kicker, { width }) + 4;
  if (a.headline) head += doc.fontSize(HEADLINE_SIZE(span)).heightOfString(a.headline, { width }) + 10;
  if (a.subtitle) head += doc.fontSize(SUBTITLE_SIZE).heightOfString(a.subtitle, { width }) + 8;
  return { article: a, span, height: head + bodyHeight(doc, a, span, width) + MODULE_PAD };
}

/** Modules in bands across the page: each band fills the five columns, left to right. */
function bands(modules: Module[]): Module[][] {
  const out: Module[][] = [];
  let cur: Module[] = [];
  let used = 0;
  for (const m of modules) {
    if (used + m.span > COLUMNS) {
      out.push(cur);
      cur = [];
      used = 0;
    }
    cur.push(m);
    used += m.span;
  }
  if (cur.length) out.push(cur);
  return out;
}

function drawModule(doc: Doc, m: Module, x: number, y: number): void {
  const a = m.article;
  const width = spanWidth(m.span);
  if (a.photo) {
    doc.rect(x, y, width, PHOTO_HEIGHT).fill('#bbbbbb').fillColor('black');
    doc
      .fontSize(CAPTION.size)
      .text(a.paragraphs.join(''), x, y + PHOTO_HEIGHT + 6, { width, lineGap: CAPTION.lineGap });
    return;
  }
  if (a.vertical) {
    Array.from(a.headline ?? '').forEach((ch, i) => {
      doc.fontSize(VERTICAL.size).text(ch, x + 4, y + i * VERTICAL.size * 1.25, { lineBreak: false });
    });
    const bw = width - VERTICAL.width;
    doc
      .fontSize(BODY.size)
      .text(a.paragraphs.join('\n'), x + VERTICAL.width, y, bodyOptions(m.span, bw, m.height - MODULE_PAD));
    return;
  }
  let top = y;
  const line = (text: string, size: number, gap: number): void => {
    doc.fontSize(size).text(text, x, top, { width, align: a.centred ? 'center' : 'left' });
    top = doc.y + gap;
  };
  if (a.kicker) line(a.kicker, KICKER_SIZE, 4);
  if (a.headline) line(a.headline, HEADLINE_SIZE(m.span), 10);
  if (a.subtitle) line(a.subtitle, SUBTITLE_SIZE, 8);
  doc
    .fontSize(BODY.size)
    .text(a.paragraphs.join('\n'), x, top, bodyOptions(m.span, width, m.height - (top - y) - MODULE_PAD));
}

function masthead(doc: Doc, p: PrintedPage): number {
  const { margin, width } = PAGE;
  doc.fontSize(34).text(p.paper, margin, margin, { lineBreak: false });
  doc.fontSize(10).text(p.dateLine, width - margin - 200, margin + 8, { width: 200, align: 'right' });
  doc.fontSize(10).text(p.pageLine, width - margin - 200, margin + 26, { width: 200, align: 'right' });
  const ruleY = margin + 54;
  doc
    .moveTo(margin, ruleY)
    .lineTo(width - margin, ruleY)
    .lineWidth(1.5)
    .stroke();
  return ruleY + 12;
}

/** Render a page (two PDF pages if its modules do not fit on one). */
export async function makeNewspaperPdf(
  p: PrintedPage,
  info: { title?: string; creationDate?: Date } = {},
): Promise<Buffer> {
  const font = cjkFont();
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: PAGE.margin,
    autoFirstPage: true,
    info: {
      ...(info.title ? { Title: info.title } : {}),
      ...(info.creationDate ? { CreationDate: info.creationDate } : {}),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  // A body that overflowed its module would make pdfkit add a page by itself and the layout unknown: refuse it.
  let pages = 1;
  let expected = 1;
  doc.on('pageAdded', () => {
    pages++;
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  let y = masthead(doc, p);
  for (const band of bands(p.articles.map((a) => measure(doc, a)))) {
    const h = Math.max(...band.map((m) => m.height));
    if (y + h > PAGE.height - PAGE.margin) {
      expected++;
      doc.addPage();
      y = masthead(doc, p);
    }
    let x = PAGE.margin;
    band.forEach((m, i) => {
      drawModule(doc, m, x, y);
      x += spanWidth(m.span) + GUTTER;
      if (i < band.length - 1)
        doc
          .moveTo(x - GUTTER / 2, y)
          .lineTo(x - GUTTER / 2, y + h - MODULE_PAD)
          .lineWidth(0.5)
          .stroke();
    });
    y += h;
    doc
      .moveTo(PAGE.margin, y - MODULE_PAD / 2)
      .lineTo(PAGE.width - PAGE.margin, y - MODULE_PAD / 2)
      .lineWidth(0.5)
      .stroke();
    y += 4;
  }
  if (pages !== expected)
    throw new Error(`makeNewspaperPdf: a module overflowed (${pages} pages, ${expected} laid out)`);
  doc.end();
  return done;
}

/** What the page holds, for counting what layout recovers: each printed article's headline and clean text. */
export interface KnownArticle {
  headline?: string;
  text: string;
  photo: boolean;
}

/**
 * A sample page as the paper would have printed it: its articles (as the page pipeline reads them from the text
 * extraction, headlines verified in split-articles.test.ts) with their bylines set the paper's way.
 */
export function printedFromArticles(articles: Pick<Article, 'kind' | 'title' | 'titleOrigin' | 'text' | 'byline'>[]): {
  printed: PrintedArticle[];
  known: KnownArticle[];
} {
  const printed: PrintedArticle[] = [];
  const known: KnownArticle[] = [];
  for (const a of articles) {
    const paragraphs = a.text.split('\n');
    const b = a.byline;
    if (a.kind === 'photo') {
      const credit = b.photographers.length ? ` ${b.photographers.join(' ')} 摄` : '';
      printed.push({ photo: true, paragraphs: [`${paragraphs.join('')}${credit}`] });
      known.push({ text: paragraphs.join(''), photo: true });
      continue;
    }
    if (a.titleOrigin !== 'headline') continue; // every printed article here has its headline
    const lead = [
      b.reporters.length ? `记者 ${b.reporters.join(' ')}` : '',
      b.correspondents.length ? `通讯员 ${b.correspondents.join(' ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    paragraphs[0] = lead ? `本报讯（${lead}）${paragraphs[0]}` : `本报讯 ${paragraphs[0]}`;
    if (b.authors.length && !lead) paragraphs[paragraphs.length - 1] += `（${b.authors.join(' ')}）`;
    printed.push({ headline: a.title, paragraphs });
    known.push({ headline: a.title, text: a.text, photo: false });
  }
  return { printed, known };
}
