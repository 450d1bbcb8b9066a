import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mapRadicals } from './radicals.js';

// An e-paper PDF → per page, its text runs with position and font size, and its ruled lines. pdf.js (legacy build for
// Node) with its CMaps, which CJK fonts that are not embedded need: without them a page silently yields no text.

/** One run of text on the page. Coordinates in points, from the page's top-left corner; y is the baseline. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size: the length of the text matrix's vertical vector, exact for unrotated text. */
  size: number;
  font: string;
}

/** A drawn line or thin box: newspapers separate articles with rules. */
export interface Rule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  horizontal: boolean;
}

export interface PdfPage {
  number: number;
  width: number;
  height: number;
  runs: TextRun[];
  rules: Rule[];
}

export interface PdfInfo {
  title?: string;
  subject?: string;
  keywords?: string;
  creationDate?: string;
}

export class PdfReadError extends Error {}

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = (): Promise<PdfJs> => {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
};

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

/** A painted path this thin and this long is a rule. */
const RULE_MAX_THICKNESS = 3;
const RULE_MIN_LENGTH = 20;

/** Walk the operator list, tracking the transformation matrix, and keep the painted paths that are rules. */
async function rulesOf(
  page: import('pdfjs-dist').PDFPageProxy,
  OPS: PdfJs['OPS'],
  left: number,
  top: number,
): Promise<Rule[]> {
  const ops = await page.getOperatorList();
  const painting = new Set<number>([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const rules: Rule[] = [];
  ops.fnArray.forEach((fn, i) => {
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0]))
        ctm = multiply(ctm, Array.from(args[0] as number[]) as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath && painting.has(args[0] as number)) {
      const mm = args[2] as ArrayLike<number> | null;
      if (!mm || mm.length < 4) return;
      const corners = [apply(ctm, mm[0]!, mm[1]!), apply(ctm, mm[2]!, mm[3]!)];
      const xs = corners.map((c) => c[0] - left);
      const ys = corners.map((c) => top - c[1]);
      const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
      const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
      const w = x1 - x0;
      const h = y1 - y0;
      if (h <= RULE_MAX_THICKNESS && w >= RULE_MIN_LENGTH) rules.push({ x0, y0, x1, y1, horizontal: true });
      else if (w <= RULE_MAX_THICKNESS && h >= RULE_MIN_LENGTH) rules.push({ x0, y0, x1, y1, horizontal: false });
    }
  });
  return rules;
}

interface RawItem {
  str: string;
  transform: number[];
  width: number;
  fontName: string;
}

function runsOf(items: RawItem[], left: number, top: number): TextRun[] {
  const runs: TextRun[] = [];
  for (const it of items) {
    const text = mapRadicals(it.str);
    // Spaces are kept (with their width) so that layout can bridge them; empty runs say nothing.
    if (text === '' || (text.trim() === '' && !(it.width > 0))) continue;
    const [a, b, c, d, e, f] = it.transform as Matrix;
    // Rotated or vertical-writing text has b or c set; its runs still get a position and size.
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    runs.push({
      text,
      x: e - left,
      y: top - f,
      width: it.width,
      size: Math.round(size * 100) / 100,
      font: it.fontName,
    });
  }
  return runs;
}

/** Read every page of a PDF. Throws PdfReadError when the bytes are not a readable PDF. */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: PdfPage[]; info: PdfInfo }> {
  const lib = await loadPdfJs();
  let doc: Awaited<ReturnType<typeof lib.getDocument>['promise']>;
  try {
    doc = await lib.getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: join(PDFJS_DIR, 'cmaps/'),
      cMapPacked: true,
      standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts/'),
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    throw new PdfReadError(`not a readable PDF (${(e as Error).message})`);
  }
  try {
    const meta = await doc.getMetadata().catch(() => undefined);
    const raw = (meta?.info ?? {}) as Record<string, unknown>;
    const str = (k: string): string | undefined =>
      typeof raw[k] === 'string' && raw[k] ? (raw[k] as string) : undefined;
    const info: PdfInfo = {
      ...(str('Title') ? { title: str('Title') } : {}),
      ...(str('Subject') ? { subject: str('Subject') } : {}),
      ...(str('Keywords') ? { keywords: str('Keywords') } : {}),
      ...(str('CreationDate') ? { creationDate: str('CreationDate') } : {}),
    };
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [left, bottom, right, top] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const runs = runsOf(content.items.filter((i) => 'str' in i) as RawItem[], left, top);
      const rules = await rulesOf(page, lib.OPS, left, top);
      pages.push({ number: n, width: right - left, height: top - bottom, runs, rules });
      page.cleanup();
    }
    return { pages, info };
  } finally {
    await doc.destroy();
  }
}
