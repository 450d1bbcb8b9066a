import { z } from 'zod';
import { type Article, contentHash, firstSentenceTitle, makeId, safeGivenId } from './article.js';
import { emptyByline } from './byline.js';
import { collapseDoubledPunct, removeCjkSpaces, stripArtifacts } from './clean.js';
import { articleDate, findDates, formatDate, parseIsoDate, toRecord } from './dates.js';
import type { FileMeta } from './manifest.js';
import { yearContext } from './page.js';

// An article feed: one JSON object per line, as an RSS reader or a site scraper writes them.
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

export interface FeedError {
  file: string;
  line: number;
  message: string;
}

function cleanFeedText(text: string): string {
  return text
    .replace(/\r\n?/gu, '\n')
    .split(/\n/u)
    .map((p) => collapseDoubledPunct(removeCjkSpaces(stripArtifacts(p))).trim())
    .filter(Boolean)
    .join('\n');
}

/** A feed date: ISO, "2020/6/19", or "2020年6月19日"; anything else is reported and left out. */
export function parseFeedDate(s: string): string | undefined {
  const iso = parseIsoDate(s);
  if (iso) return formatDate(iso);
  const found = findDates(s).find((d) => d.from.year !== undefined && d.from.day !== undefined);
  return found ? formatDate(found.from) : undefined;
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
    let json: unknown;
    try {
      json = JSON.parse(lineText);
    } catch (e) {
      errors.push({ file, line, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    const parsed = FeedLine.safeParse(json);
    if (!parsed.success) {
      errors.push({
        file,
        line,
        message: parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; '),
      });
      return;
    }
    const f = parsed.data;
    const text = cleanFeedText(f.text);
    let feedDate: string | undefined;
    if (f.date !== undefined) {
      feedDate = parseFeedDate(f.date);
      if (!feedDate)
        errors.push({
          file,
          line,
          message: `date "${f.date}" is not a date I can read (use YYYY-MM-DD); the article is kept without it`,
        });
    }
    const ctx = yearContext(feedDate ? { ...meta, issueDate: feedDate } : meta, undefined);
    const mentioned = findDates(text, ctx);
    const when = feedDate
      ? { date: feedDate, dateOrigin: 'feed' as const, partial: false }
      : articleDate(mentioned, ctx);
    const title = f.title?.trim() ? removeCjkSpaces(f.title.trim()) : firstSentenceTitle(text);
    let id =
      f.id !== undefined ? safeGivenId(f.id) : makeId(file, f.url ?? '', title, feedDate ?? '', text.slice(0, 80));
    if (seen.has(id)) {
      errors.push({ file, line, message: `duplicate id "${id}"; this line gets a derived id` });
      id = makeId(id, String(line));
    }
    seen.add(id);
    const base = {
      title,
      text,
      source: f.source?.trim() || meta.paper || 'Unknown paper',
      ...((f.url ?? meta.url) ? { url: (f.url ?? meta.url)! } : {}),
      ...(when.date ? { date: when.date } : {}),
    };
    articles.push({
      id,
      kind: 'article',
      titleOrigin: f.title?.trim() ? 'feed' : 'first-sentence',
      ...base,
      ...(meta.section ? { section: meta.section } : {}),
      file,
      line,
      ...(feedDate ? { issueDate: feedDate } : {}),
      dateOrigin: when.dateOrigin,
      ...('yearSource' in when && when.yearSource ? { yearSource: when.yearSource } : {}),
      datePartial: when.partial,
      mentionedDates: mentioned.map(toRecord),
      byline: emptyByline(),
      contentHash: contentHash(base),
    });
  });
  return { articles, errors };
}
