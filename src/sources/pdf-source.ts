import { sha1 } from '../ingest/article.js';
import { canonicalUrl } from './canonical-url.js';
import { fetchChanged, problem, type RunContext, reject, skip, take } from './context.js';
import { recentDays } from './dates.js';
import { FetchError } from './http.js';
import { pdfArticles } from './pdf/pdf-articles.js';
import { PdfReadError } from './pdf/read-pdf.js';
import type { PdfSourceT } from './sources-file.js';

// An e-paper source: page PDFs by URL, or by a URL template filled with each recent day and page number. Each page
// goes through layout (headlines, columns, article blocks from font sizes and positions); its articles are dated
// with the issue's date.

const PDF_ACCEPT = 'application/pdf, */*;q=0.5';

/** Fill a URL template: {yyyy} {yy} {MM} {M} {dd} {d} from the day, {page} or {page:02} from the page number. */
export function fillTemplate(template: string, day: string, page: number): string {
  const [y, m, d] = day.split('-') as [string, string, string];
  return template.replace(/\{(yyyy|yy|MM|M|dd|d|page)(?::0(\d))?\}/gu, (_all, token: string, width?: string) => {
    switch (token) {
      case 'yyyy':
        return y;
      case 'yy':
        return y.slice(2);
      case 'MM':
        return m;
      case 'M':
        return String(Number(m));
      case 'dd':
        return d;
      case 'd':
        return String(Number(d));
      default:
        return String(page).padStart(width ? Number(width) : 1, '0');
    }
  });
}

interface PdfRef {
  url: string;
  issueDate?: string | undefined;
}

/** One PDF: fetched unless unchanged, laid out, its articles recorded. False when it does not exist (404). */
async function takePdf(ctx: RunContext, ref: PdfRef): Promise<boolean> {
  let changed: Awaited<ReturnType<typeof fetchChanged>>;
  try {
    changed = await fetchChanged(ctx, ref.url, PDF_ACCEPT);
  } catch (e) {
    if (e instanceof FetchError && (e.status === 404 || e.status === 410)) return false;
    throw e;
  }
  if (!changed) {
    skip(ctx, ref.url, 'PDF not modified since the last run');
    return true;
  }
  const base = canonicalUrl(ref.url);
  let pages: Awaited<ReturnType<typeof pdfArticles>>;
  try {
    pages = await pdfArticles(changed.fetched.bytes, { issueDate: ref.issueDate, timeZone: ctx.file.timezone });
  } catch (e) {
    if (!(e instanceof PdfReadError)) throw e;
    reject(ctx, base, undefined, 'unreadable', `${ref.url}: ${e.message}`);
    problem(ctx, `${ref.url}: ${e.message}`);
    changed.commit();
    return true;
  }
  for (const p of pages) {
    const pageUrl = pages.length > 1 ? `${base}#page=${p.page}` : base;
    if (p.unreadable) {
      reject(ctx, pageUrl, undefined, 'unreadable', `${pageUrl}: ${p.unreadable}`);
      problem(ctx, `${pageUrl}: ${p.unreadable}; not indexed`);
      continue;
    }
    if (!p.issueDate) problem(ctx, `${pageUrl}: no issue date (not in the source, the masthead or the PDF's metadata)`);
    else
      ctx.log.debug(
        `[${ctx.source.name}] ${pageUrl}: issue ${p.issueDate} (${p.dateOrigin}), layout ${JSON.stringify(p.layout)}`,
      );
    const titles = new Map<string, number>();
    for (const a of p.articles) {
      // Two pieces under one title (untitled captions) keep apart.
      const n = (titles.get(a.title) ?? 0) + 1;
      titles.set(a.title, n);
      take(ctx, {
        key: `${pageUrl}#${sha1(a.title).slice(0, 12)}${n > 1 ? `-${n}` : ''}`,
        url: pageUrl,
        // A derived title is left to the ingest, which marks it as derived.
        title: a.titleOrigin === 'headline' ? a.title : undefined,
        date: p.issueDate,
        text: a.text,
      });
    }
  }
  changed.commit();
  return true;
}

/** Every PDF the source names for this run, in order: its URLs, then each recent day's pages from the template. */
function* refsOf(ctx: RunContext, s: PdfSourceT): Generator<PdfRef & { day?: string; page?: number }> {
  for (const entry of s.urls ?? []) yield typeof entry === 'string' ? { url: entry } : entry;
  if (!s.urlTemplate) return;
  const paged = /\{page(?::0\d)?\}/u.test(s.urlTemplate);
  for (const day of recentDays(s.days, ctx.file.timezone))
    for (let page = 1; page <= (paged ? s.pages : 1); page++)
      yield { url: fillTemplate(s.urlTemplate, day, page), issueDate: day, day, page };
}

export async function runPdf(ctx: RunContext, s: PdfSourceT): Promise<void> {
  let read = 0;
  const failures: string[] = [];
  let endedDay: string | undefined;
  for (const ref of refsOf(ctx, s)) {
    if (ref.day && ref.day === endedDay) continue;
    try {
      if (await takePdf(ctx, ref)) read++;
      else if (ref.day)
        endedDay = ref.day; // no such page: the issue has no more (or is not out yet)
      else problem(ctx, `${ref.url}: not found (HTTP 404)`);
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      failures.push(`${ref.url}: ${e.message}`);
      problem(ctx, `${ref.url}: ${e.message}`);
    }
  }
  // Nothing could be fetched at all: the source is down, not one page.
  if (read === 0 && failures.length > 0) throw new Error(failures[0]);
}
