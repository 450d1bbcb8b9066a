import { type Article, buildArticle, dateFields, idSeed, makeId } from './article.js';
import {
  type Byline,
  emptyByline,
  mergeBylines,
  parseBylineText,
  takeLeadByline,
  takePhotoCredit,
  takeTrailingByline,
} from './byline.js';
import { cleanPageParagraph, hasExtractionSpacing } from './clean.js';
import {
  type ArticleDate,
  articleDate,
  findDates,
  type MentionedDate,
  pageDateEstimate,
  pageYear,
  parseIsoDate,
  type YearContext,
} from './dates.js';
import { isBareCaption, repeatsOf } from './fragments.js';
import {
  assignUnits,
  composeHeadline,
  type Headline,
  type HeadlineUnit,
  headlineTitle,
  headlineUnits,
  pageScorer,
} from './headlines.js';
import type { FileMeta } from './manifest.js';
import { type PageItem, type PageStructure, parsePage } from './split-articles.js';
import { derivedTitle } from './titles.js';

// A page's items become articles in these steps: clean each item (bylines out, PDF repairs), drop the boxes that
// repeat an article, attach bare photo captions to their article, give each item its headline (one to one) and
// group headline, date each item (undated ones from their page), and build the records.

/** "本报讯" / "又讯": the words an article of this paper opens with. */
export const OPENER = /^\s*(?:本报讯|又讯)\s*/u;
const CAPTION_MARK = /^\s*(?:[上下左右]图[：:]|[↑↓←→])\s*/u;

/** An item of the page on its way to becoming an article. */
interface PageEntry {
  item: PageItem;
  text: string;
  byline: Byline;
  captions: string[];
  headline?: Headline;
  groupHeadline?: string;
}

/** Clean one item's text and take its bylines out of it. `spacing`: the page carries extraction spacing. */
export function cleanItem(item: PageItem, spacing = true): { text: string; byline: Byline } {
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
    .map((p) => cleanPageParagraph(p, spacing))
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
  /** Text that is no item: page furniture, headlines that fit no item, boxes repeating an article. */
  furniture: string[];
}

/** Step: a box that repeats an article's words is not an item. */
function dropRepeats(entries: PageEntry[], furniture: string[]): PageEntry[] {
  const repeats = repeatsOf(entries.map((e) => ({ text: e.text, photo: e.item.photo })));
  furniture.push(...entries.filter((_, i) => repeats[i]! >= 0).map((e) => e.text));
  return entries.filter((_, i) => repeats[i]! < 0);
}

/** A bare caption goes to an article whose words it shares this much (and, among several, the one it names). */
const MIN_CAPTION_SCORE = 0.3;

/**
 * Step: a bare caption of an article's photo becomes part of that article (its last paragraph). It fits the
 * articles that hold enough of its words; of those it goes to the one whose subject it names, the words the article
 * repeats ("图为恒丰电子的员工…" fits two articles about production lines, and names 恒丰电子). No bonus for
 * position: captions are often gathered with the photos, away from their articles.
 */
function attachCaptions(entries: PageEntry[]): PageEntry[] {
  const articles = entries.filter((e) => !e.item.photo);
  const texts = articles.map((e) => ({
    text: [e.headline ? headlineTitle(e.headline) : '', e.text].join('\n'),
    start: e.item.start,
  }));
  const fits = pageScorer(texts);
  const names = pageScorer(texts, { repeats: true });
  return entries.filter((e) => {
    if (articles.length === 0 || !isBareCaption({ text: e.text, photo: e.item.photo })) return true;
    const fit = fits(e.text);
    const named = names(e.text);
    const candidates = articles.map((_, i) => i).filter((i) => fit[i]! >= MIN_CAPTION_SCORE);
    if (candidates.length === 0) return true;
    const target = articles[candidates.reduce((b, i) => (named[i]! > named[b]! ? i : b))]!;
    target.captions.push(e.text);
    target.byline = mergeBylines(target.byline, e.byline);
    return false;
  });
}

/** Step: headlines, one per item at most, and group headlines (banners over several items). */
function assignHeadlines(entries: PageEntry[], page: PageStructure, spacing: boolean, furniture: string[]): void {
  const score = pageScorer(entries.map((e) => ({ text: textWithCaptions(e), start: e.item.start })));
  const units = headlineUnits(page.headlines, (h) => score(h.text, h.start));
  const unitScore = (u: HeadlineUnit): number[] => score(u.segments.map((s) => s.text).join(''), u.segments[0]!.start);
  const { headlineOf, groupOf, unplaced } = assignUnits(units, entries.length, unitScore);
  const clean = (s: string): string => cleanPageParagraph(s, spacing);
  entries.forEach((e, i) => {
    const h = headlineOf[i];
    const g = groupOf[i];
    if (h !== undefined) e.headline = composeHeadline(units[h]!, clean);
    if (g !== undefined) e.groupHeadline = headlineTitle(composeHeadline(units[g]!, clean));
  });
  furniture.push(...unplaced.map((u) => units[u]!.text));
}

const textWithCaptions = (e: PageEntry): string => [e.text, ...e.captions].join('\n');

/** Step: each item's date from its own text; an undated one gets the page's estimated issue date. */
function dateEntries(texts: string[], ctx: YearContext): { when: ArticleDate; mentioned: MentionedDate[] }[] {
  const dated = texts.map((text) => {
    const mentioned = findDates(text, ctx);
    return { when: articleDate(mentioned, ctx, text), mentioned };
  });
  const estimate = pageDateEstimate(dated.map((d) => d.when));
  return estimate ? dated.map((d) => (d.when.date ? d : { ...d, when: estimate })) : dated;
}

/** Step: the records, with ids stable across runs (file and first sentence; a counter for repeats). */
function buildRecords(entries: PageEntry[], file: string, meta: FileMeta, ctx: YearContext): Article[] {
  const seen = new Set<string>();
  const texts = entries.map(textWithCaptions);
  const dates = dateEntries(texts, ctx);
  return entries.map((e, i) => {
    const text = texts[i]!;
    let id = makeId(file, idSeed(e.text));
    for (let k = 2; seen.has(id); k++) id = makeId(file, idSeed(e.text), String(k));
    seen.add(id);
    const { when, mentioned } = dates[i]!;
    return buildArticle(
      {
        id,
        kind: e.item.photo ? 'photo' : 'article',
        title: e.headline ? headlineTitle(e.headline) : derivedTitle(e.text),
        titleOrigin: e.headline ? 'headline' : 'first-sentence',
        headline: e.headline,
        groupHeadline: e.groupHeadline,
        file,
        range: { start: e.item.start, end: e.item.end },
        issueDate: meta.issueDate,
        ...dateFields(when, mentioned),
        byline: e.byline,
        captions: e.captions.length > 0 ? e.captions : undefined,
        text,
      },
      meta,
    );
  });
}

/**
 * The articles of a page structure (from `parsePage`, or from a layout step that found the items and headline
 * candidates itself): cleaned, titled, dated.
 */
export function articlesFromStructure(page: PageStructure, file: string, meta: FileMeta, spacing = true): PageResult {
  const furniture = [...page.furniture];
  const cleaned: PageEntry[] = page.items
    .map((item) => ({ item, ...cleanItem(item, spacing), captions: [] }))
    .filter((e) => e.text.length > 0);
  const kept = dropRepeats(cleaned, furniture);
  assignHeadlines(kept, page, spacing, furniture);
  const entries = attachCaptions(kept);
  const ctx = yearContext(meta, pageYear(entries.map(textWithCaptions).join('\n')));
  return { articles: buildRecords(entries, file, meta, ctx), furniture };
}

/** A whole newspaper page as extracted from PDF → its articles and photo captions, titled, dated and cleaned. */
export function articlesFromPage(raw: string, file: string, meta: FileMeta): PageResult {
  return articlesFromStructure(parsePage(raw), file, meta, hasExtractionSpacing(raw));
}
