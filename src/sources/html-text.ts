import { parseHTML } from 'linkedom';

// HTML → the paragraphs a reader sees. Block elements and <br> end a paragraph; scripts, styles, forms, figures'
// images and hidden elements say nothing. Spaces inside a paragraph are collapsed; the ingest stage removes the ones
// between CJK characters.

/** The part of a DOM node this module reads (linkedom's nodes, whatever their types say). */
export interface HtmlNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<HtmlNode>;
  getAttribute?(name: string): string | null;
}

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);
const SILENT = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'SVG',
  'CANVAS',
  'FORM',
  'BUTTON',
  'SELECT',
]);

function hidden(n: HtmlNode): boolean {
  const style = n.getAttribute?.('style') ?? '';
  return n.getAttribute?.('hidden') != null || /display\s*:\s*none/iu.test(style);
}

/** The paragraphs of a node's text, in order. */
export function paragraphsOf(root: HtmlNode): string[] {
  const out: string[] = [];
  let cur = '';
  const flush = (): void => {
    const p = cur.replace(/[\s\u00a0\u3000]+/gu, ' ').trim();
    if (p) out.push(p);
    cur = '';
  };
  const walk = (n: HtmlNode): void => {
    if (n.nodeType === 3) {
      cur += n.textContent ?? '';
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return;
    const tag = n.nodeName.toUpperCase();
    if (SILENT.has(tag) || (n.nodeType === 1 && hidden(n))) return;
    if (tag === 'BR') {
      flush();
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    for (let i = 0; i < n.childNodes.length; i++) walk(n.childNodes[i]!);
    if (block) flush();
  };
  walk(root);
  flush();
  return out;
}

/** An HTML fragment (a feed item's content) → paragraphs. */
export function htmlFragmentParagraphs(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return paragraphsOf(document.body as unknown as HtmlNode);
}
