import { parseHTML } from 'linkedom';

// Reading the site's pages as a client does, without a browser: parse the HTML, follow its links.

export type Doc = ReturnType<typeof parseHTML>['document'];

export const parse = (html: string): Doc => parseHTML(html).document;

export async function getPage(url: string): Promise<{ status: number; html: string; doc: Doc; type: string }> {
  const r = await fetch(url);
  const html = await r.text();
  return { status: r.status, html, doc: parse(html), type: r.headers.get('content-type') ?? '' };
}

/** The links of a page (a[href], link[href]) as absolute URLs on `base`; other sites' links are left out. */
export function internalLinks(doc: Doc, pageUrl: string, base: string): URL[] {
  const out: URL[] = [];
  for (const el of doc.querySelectorAll('a[href], link[href]')) {
    const u = new URL(el.getAttribute('href')!, pageUrl);
    if (u.origin === new URL(base).origin) out.push(u);
  }
  return out;
}

export interface Crawl {
  /** Every page fetched, by URL without fragment. */
  pages: Map<string, { status: number; html: string; doc: Doc; type: string }>;
  /** Links whose fragment names no element on the target page. */
  missingAnchors: string[];
}

/** Fetch every page reachable from the seeds by internal links (breadth first), up to `limit` pages. */
export async function crawl(base: string, seeds: string[], limit = 3000): Promise<Crawl> {
  const pages: Crawl['pages'] = new Map();
  const fragments: { url: string; id: string; from: string }[] = [];
  const queue = seeds.map((s) => new URL(s, base).href);
  while (queue.length > 0 && pages.size < limit) {
    const url = queue.shift()!;
    if (pages.has(url)) continue;
    const page = await getPage(url);
    pages.set(url, page);
    if (!page.type.startsWith('text/html')) continue;
    for (const link of internalLinks(page.doc, url, base)) {
      const id = decodeURIComponent(link.hash.slice(1));
      link.hash = '';
      if (id) fragments.push({ url: link.href, id, from: url });
      if (!pages.has(link.href)) queue.push(link.href);
    }
  }
  const missingAnchors = fragments
    .filter((f) => {
      const p = pages.get(f.url);
      return p?.type.startsWith('text/html') && !p.doc.getElementById(f.id);
    })
    .map((f) => `${f.from} → ${f.url}#${f.id}`);
  return { pages, missingAnchors };
}

/** The page's text a reader sees or hears: body text, the title, and labels in attributes. */
export function readerText(html: string): string {
  const doc = parse(html);
  for (const el of doc.querySelectorAll('[lang="en"], style, script')) el.remove();
  const attrs = [...doc.querySelectorAll('[aria-label], [placeholder], [title], [alt], [abbr]')].flatMap((el) =>
    ['aria-label', 'placeholder', 'title', 'alt', 'abbr'].map((a) => el.getAttribute(a) ?? ''),
  );
  return [doc.title, doc.body?.textContent ?? '', ...attrs].join('\n');
}

/** Latin words (two letters or more) in a text that the corpus itself does not contain. */
export function foreignWords(text: string, corpus: string): string[] {
  const words = [...new Set(text.match(/[A-Za-z]{2,}/gu) ?? [])];
  return words.filter((w) => !corpus.includes(w));
}
