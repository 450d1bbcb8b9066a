import { dayIn } from '../../src/sources/dates.js';
import { makeNewspaperPdf, printedFromArticles } from './make-newspaper-pdf.js';
import { type FeedItem, htmlParagraphs, samplePage } from './source-fixtures.js';
import type { SourceServer } from './source-server.js';

// The live archive's fixture, shared by the end-to-end test and the operator's manual run: a feed item made from a
// sample article, and today's e-paper (page 001 of the sample, printed as a PDF) at a paper's URL template.

/** Where the fake e-paper lives, as a pdf source's `urlTemplate` path. */
export const EPAPER_PATH_TEMPLATE = '/epaper/{yyyy}{MM}/{dd}/page_{page:02}.pdf';

/** A sample article as a full-text feed item served at `path`. */
export function feedItem(
  server: SourceServer,
  a: { title: string; text: string },
  path: string,
  published: string,
): FeedItem {
  return { title: a.title, url: server.url(path), published, contentHtml: htmlParagraphs(a.text) };
}

/** Path of today's page `page` (Asia/Shanghai, as the pdf source reads its template). */
export function todaysEpaperPath(page: number, now = Date.now()): string {
  const [y, m, d] = dayIn(now, 'Asia/Shanghai').split('-');
  return `/epaper/${y}${m}/${d}/page_${String(page).padStart(2, '0')}.pdf`;
}

/** Serves sample page 001 as today's page 1; other pages are left to the server's 404. */
export async function serveTodaysEpaper(server: SourceServer): Promise<void> {
  const { printed } = printedFromArticles(samplePage('001_ee0f4ca5fc9aae66.txt'));
  const pdf = await makeNewspaperPdf({
    paper: '濮阳日报',
    dateLine: '2020年3月18日 星期三',
    pageLine: '第3版',
    articles: printed,
  });
  server.set(todaysEpaperPath(1), { body: pdf, headers: { 'content-type': 'application/pdf' } });
}
