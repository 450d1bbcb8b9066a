import { findDates, formatDate } from '../../ingest/dates.js';
import { type CleanLayoutArticle, cleanLayoutArticles } from '../../ingest/layout-page.js';
import { sourceDay } from '../dates.js';
import { layoutPage, type PageLayout } from './layout.js';
import { type PdfInfo, readPdf } from './read-pdf.js';
import { textQuality } from './text-quality.js';

// An e-paper PDF → per page, its articles and its issue date, or why the page cannot be read.

export type IssueDateOrigin = 'source' | 'masthead' | 'pdf-metadata' | 'pdf-creation-date';

export interface PdfPageArticles {
  page: number;
  issueDate: string | undefined;
  dateOrigin: IssueDateOrigin | undefined;
  articles: CleanLayoutArticle[];
  /** Set when the page's text is garbage: it is reported and nothing from it is indexed. */
  unreadable?: string;
  layout?: PageLayout['stats'];
}

/** A full date (with its year) in the masthead: "2020年6月19日 星期五", "2020-06-19". */
function mastheadDate(header: string[]): string | undefined {
  for (const line of header) {
    const full = findDates(line).find((d) => d.yearSource === 'text' && d.from.day !== undefined && d.kind === 'day');
    if (full) return formatDate(full.from);
    const iso = /\b(20\d{2}|19\d{2})[-/.](\d{1,2})[-/.](\d{1,2})\b/u.exec(line);
    if (iso) return `${iso[1]}-${iso[2]!.padStart(2, '0')}-${iso[3]!.padStart(2, '0')}`;
  }
  return undefined;
}

function metadataDate(info: PdfInfo, timeZone: string): { date: string; origin: IssueDateOrigin } | undefined {
  const stated = mastheadDate([info.title, info.subject, info.keywords].filter((s): s is string => Boolean(s)));
  if (stated) return { date: stated, origin: 'pdf-metadata' };
  const created = sourceDay(info.creationDate, timeZone);
  return created ? { date: created, origin: 'pdf-creation-date' } : undefined;
}

/**
 * Read a PDF's pages into articles. The issue date: the source's own (a URL template's date, an entry's issueDate)
 * first, then the masthead's, then the PDF's metadata, then its creation date.
 */
export async function pdfArticles(
  bytes: Uint8Array,
  opts: { issueDate?: string | undefined; timeZone: string },
): Promise<PdfPageArticles[]> {
  const { pages, info } = await readPdf(bytes);
  const fallback = metadataDate(info, opts.timeZone);
  return pages.map((p): PdfPageArticles => {
    const quality = textQuality(p.runs);
    if (!quality.ok)
      return {
        page: p.number,
        issueDate: opts.issueDate,
        dateOrigin: undefined,
        articles: [],
        unreadable: quality.reason,
      };
    const layout = layoutPage(p);
    const masthead = mastheadDate(layout.header);
    const [issueDate, dateOrigin]: [string | undefined, IssueDateOrigin | undefined] = opts.issueDate
      ? [opts.issueDate, 'source']
      : masthead
        ? [masthead, 'masthead']
        : fallback
          ? [fallback.date, fallback.origin]
          : [undefined, undefined];
    return {
      page: p.number,
      issueDate,
      dateOrigin,
      articles: cleanLayoutArticles(layout.articles),
      layout: layout.stats,
    };
  });
}
