import { z } from 'zod';
import { type Article, buildArticle, dateFields, makeId, safeGivenId } from './article.js';
import { emptyByline } from './byline.js';
import { normalizePublishedText, normalizePublishedTitle } from './clean.js';
import { type ArticleDate, articleDate, findDates, formatDate, parseIsoDate } from './dates.js';
import type { FileMeta } from './manifest.js';
import { yearContext } from './page.js';
import { derivedTitle } from './titles.js';

// An article feed: one JSON object per line, as an RSS reader or a site scraper writes them. Its text was published
// as text, not extracted from a PDF: none of the page repairs apply (doubled marks and spaces between CJK characters
// are the paper's own), only the safe normalisation of clean.ts, so every quote is an exact excerpt.
const FeedLine = z.object({
  id: z
    .union([z.string().min(1), z.number()])
    .transform(String)
    .optional(),
  title: z.string().optional(),
  date: z.string().optional(),
  url: z.url({ protocol: /^https?$/u, error: 'must be an http(s) URL' }).optional(),
  source: z.string().optional(),
  text: z.string().trim().min(1, 'text is empty'),
});

type FeedRecord = z.output<typeof FeedLine>;

export interface FeedError {
  file: string;
  line: number;
  message: string;
}

/** A feed date: ISO, "2020/6/19", or "2020年6月19日"; anything else is reported and left out. */
export function parseFeedDate(s: string): string | undefined {
  const iso = parseIsoDate(s);
  if (iso) return formatDate(iso);
  const found = findDates(s).find((d) => d.from.year !== undefined && d.from.day !== undefined);
  return found ? formatDate(found.from) : undefined;
}

/** Step: one line of the file as a feed record, or the reason it is not one. */
function parseLine(lineText: string): { record: FeedRecord } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(lineText);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  const parsed = FeedLine.safeParse(json);
  if (parsed.success) return { record: parsed.data };
  return { error: parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ') };
}

/** Step: the record's article, dated by the feed where it says, else from its text. */
function feedArticle(f: FeedRecord, file: string, line: number, meta: FileMeta, feedDate: string | undefined): Article {
  const text = normalizePublishedText(f.text);
  const ctx = yearContext(feedDate ? { ...meta, issueDate: feedDate } : meta, undefined);
  const mentioned = findDates(text, ctx);
  const when: ArticleDate = feedDate
    ? { date: feedDate, dateOrigin: 'feed', partial: false }
    : articleDate(mentioned, ctx, text);
  const title = f.title ? normalizePublishedTitle(f.title) : '';
  return buildArticle(
    {
      id: '',
      kind: 'article',
      title: title || derivedTitle(text),
      titleOrigin: title ? 'feed' : 'first-sentence',
      source: f.source,
      url: f.url,
      file,
      line,
      issueDate: feedDate,
      ...dateFields(when, mentioned),
      byline: emptyByline(),
      text,
    },
    meta,
  );
}

export function articlesFromFeed(
  raw: string,
  file: string,
  meta: FileMeta,
): { articles: Article[]; errors: FeedError[] } {
  const articles: Article[] = [];
  const errors: FeedError[] = [];
  const seen = new Set<string>();
  raw.split('\n').forEach((lineText, i) => {
    const line = i + 1;
    if (lineText.trim() === '') return;
    const parsed = parseLine(lineText);
    if ('error' in parsed) {
      errors.push({ file, line, message: parsed.error });
      return;
    }
    const f = parsed.record;
    const feedDate = f.date === undefined ? undefined : parseFeedDate(f.date);
    if (f.date !== undefined && !feedDate)
      errors.push({
        file,
        line,
        message: `date "${f.date}" is not a date I can read (use YYYY-MM-DD); the article is kept without it`,
      });
    const article = feedArticle(f, file, line, meta, feedDate);
    let id =
      f.id !== undefined
        ? safeGivenId(f.id)
        : makeId(file, f.url ?? '', article.title, feedDate ?? '', article.text.slice(0, 80));
    if (seen.has(id)) {
      errors.push({ file, line, message: `duplicate id "${id}"; this line gets a derived id` });
      id = makeId(id, String(line));
    }
    seen.add(id);
    articles.push({ ...article, id });
  });
  return { articles, errors };
}
