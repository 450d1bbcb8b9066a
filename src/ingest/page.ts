import { type Article, contentHash, firstSentenceTitle, makeId } from './article.js';
import {
  type Byline,
  emptyByline,
  mergeBylines,
  parseBylineText,
  takeLeadByline,
  takePhotoCredit,
  takeTrailingByline,
} from './byline.js';
import { collapseDoubledPunct, removeCjkSpaces } from './clean.js';
import { articleDate, findDates, pageYear, parseIsoDate, toRecord, type YearContext } from './dates.js';
import { assignHeadlines, joinHeadline } from './headlines.js';
import type { FileMeta } from './manifest.js';
import { type PageItem, parsePage } from './split-articles.js';

/** "本报讯" / "又讯": the words an article of this paper opens with. */
export const OPENER = /^\s*(?:本报讯|又讯)\s*/u;
const CAPTION_MARK = /^\s*(?:[上下左右]图[：:]|[↑↓←→])\s*/u;

/** Clean one item's text and take its bylines out of it. */
export function cleanItem(item: PageItem): { text: string; byline: Byline } {
  let t = item.raw;
  let lead: Byline | undefined;
  if (OPENER.test(t)) {
    const r = takeLeadByline(t.replace(OPENER, ''));
    t = r.rest;
    lead = r.byline;
  }
  t = t.replace(CAPTION_MARK, '');
  let photo: Byline | undefined;
  if (item.photo) {
    const r = takePhotoCredit(t);
    t = r.rest;
    photo = r.byline;
  }
  const trail = takeTrailingByline(t);
  t = trail.rest;
  const feature = item.featureCredit ? parseBylineText(item.featureCredit) : undefined;
  const credit = item.photoCredit ? takePhotoCredit(item.photoCredit).byline : undefined;
  const text = t
    .split('\n')
    .map((p) => collapseDoubledPunct(removeCjkSpaces(p)).trim())
    .filter(Boolean)
    .join('\n');
  return { text, byline: mergeBylines(lead, feature, photo, credit, trail.byline ?? emptyByline()) };
}

export function yearContext(meta: FileMeta, stated: number | undefined): YearContext {
  const issue = meta.issueDate ? parseIsoDate(meta.issueDate) : undefined;
  if (issue) return { year: issue.year, source: 'issue-date', issueDate: issue };
  if (meta.year !== undefined)
    return { year: meta.year, source: meta.yearSource === 'operator' ? 'operator' : 'manifest' };
  if (stated !== undefined) return { year: stated, source: 'page' };
  return { source: 'unknown' };
}

export interface PageResult {
  articles: Article[];
  furniture: string[];
}

/** A whole newspaper page → its articles and photo captions, titled, dated and cleaned. */
export function articlesFromPage(raw: string, file: string, meta: FileMeta): PageResult {
  const page = parsePage(raw);
  const cleaned = page.items.map(cleanItem);
  const ctx = yearContext(meta, pageYear(cleaned.map((c) => c.text).join('\n')));
  const { matched, unmatched } = assignHeadlines(
    page.headlines,
    cleaned.map((c, i) => ({ text: c.text, start: page.items[i]!.start })),
  );
  const seen = new Set<string>();
  const articles: Article[] = [];
  page.items.forEach((item, i) => {
    const { text, byline } = cleaned[i]!;
    if (text.length === 0) return;
    const parts = matched.filter((m) => m.item === i).map((m) => m.headline);
    const title = parts.length > 0 ? joinHeadline(parts, removeCjkSpaces) : firstSentenceTitle(text);
    const mentioned = findDates(text, ctx);
    const when = articleDate(mentioned, ctx);
    let id = makeId(file, firstSentenceTitle(text, 60));
    for (let k = 2; seen.has(id); k++) id = makeId(file, firstSentenceTitle(text, 60), String(k));
    seen.add(id);
    const base = {
      title,
      text,
      source: meta.paper ?? 'Unknown paper',
      ...(meta.url ? { url: meta.url } : {}),
      ...(when.date ? { date: when.date } : {}),
    };
    articles.push({
      id,
      kind: item.photo ? 'photo' : 'article',
      titleOrigin: parts.length > 0 ? 'headline' : 'first-sentence',
      ...base,
      ...(meta.section ? { section: meta.section } : {}),
      ...(meta.page ? { page: meta.page } : {}),
      file,
      range: { start: item.start, end: item.end },
      ...(meta.issueDate ? { issueDate: meta.issueDate } : {}),
      dateOrigin: when.dateOrigin,
      ...(when.yearSource ? { yearSource: when.yearSource } : {}),
      datePartial: when.partial,
      mentionedDates: mentioned.map(toRecord),
      byline,
      contentHash: contentHash(base),
    });
  });
  return { articles, furniture: [...page.furniture, ...unmatched.map((h) => h.text)] };
}
