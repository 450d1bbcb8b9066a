import type { Article } from '../ingest/article.js';
import { normalizeForSearch } from '../text/normalize.js';
import type { Hit, Quote, SearchedPeriod } from './answer.js';
import { type Asked, quoteOf, type Reply, searchLexical } from './answering.js';
import type { IndexView } from './index-view.js';
import { type AnswerNote, rangeOf } from './notes.js';
import { inPeriod, type Period } from './period.js';
import { bodiesIn, districtsIn } from './places.js';
import { leadSpan, pickQuotes, sentenceAt } from './quotes.js';
import { CANDIDATES } from './retrieve.js';
import { shareOf, TermHits, type WeightedTerms } from './terms.js';

// A list or date-scoped question ("6月19日开发区有什么新闻？", "最近示范区有什么动静？"): the articles of the period that
// are about the topic, newest first, each with one lead quote. "最近" is the archive's newest articles, which may
// be years old: the reply says which period was searched.

/** Articles shown on the first page of a list; the rest page on as hits. */
export const LIST_PAGE = 5;
/** Longest list. */
export const LIST_MAX = 25;
const DAY_MS = 86_400_000;
/** "最近": the newest month of the archive, else the newest quarter, year, or all of it. */
const LATEST_WINDOWS_DAYS = [31, 92, 366, Infinity];

export interface ListScope {
  /** The period asked about (from the question or the user's filter). */
  period: Period | null;
  /** The user's own date filter (ask --from/--to, /ask from: to:). */
  filter?: (a: Article) => boolean;
}

interface Item {
  article: Article;
  quote: Quote;
  share: number;
  /** The topic is in the headline or the lead, not only somewhere in the text. */
  strong: boolean;
  /** Dated in the period asked about (rather than naming it). */
  dated?: boolean;
}

/**
 * A period written precisely enough to be looked for in the text: with its year, or a day ("3月19日"). Not a
 * relative one: "今天" or "去年" in an article means the article's day or year, not the reader's.
 */
const namesPeriod = (p: Period): boolean =>
  !p.relative && (/年/u.test(p.said) || (p.from !== undefined && p.from === p.to));

/** The start of an article that says what it is about. */
const LEAD_CHARS = 150;

/** The article's lead, or the sentence of its retrieved passages that says most about the topic. */
function leadQuote(a: Asked, article: Article, topic: WeightedTerms, parts: { start: number; end: number }[]): Quote {
  const lead = leadSpan(article.text);
  const src = a.view.quoteSource(article, parts.length ? parts.map((p) => ({ ...p, rank: 0 })) : undefined);
  const [best] =
    topic.total > 0
      ? pickQuotes(
          [src],
          { terms: topic, answerType: null, measure: null, question: a.q.text, bodies: [] },
          { maxQuotes: 1 },
        )
      : [];
  const leadShare = lead ? shareOf(topic, new TermHits(article.text.slice(lead.start, lead.end), topic).all()) : 0;
  const chunkAt = (start: number): string =>
    src.chunks.find((c) => start >= c.start && start < c.end)?.id ?? `${article.id}:0`;
  if (lead && (!best || leadShare >= best.coverage * 0.8))
    return quoteOf(a, {
      articleId: article.id,
      chunkId: chunkAt(lead.start),
      text: article.text.slice(lead.start, lead.end),
    });
  if (best) return quoteOf(a, best);
  return quoteOf(a, { articleId: article.id, chunkId: chunkAt(0), text: article.text.slice(0, 160) });
}

/** Articles of the pool about the topic (all of them when there is no topic), with their lead quotes. */
function matchTopic(a: Asked, topic: WeightedTerms, allow: (art: Article) => boolean, pool: () => Article[]): Item[] {
  if (topic.total === 0) {
    return pool()
      .slice(-LIST_MAX * 2)
      .map((article) => ({ article, quote: leadQuote(a, article, topic, []), share: 1, strong: true }));
  }
  const found = searchLexical(a, a.view.bm25.terms(topic.terms.join(' ')), CANDIDATES, (doc) =>
    allow(a.view.chunkArticle[doc]!),
  );
  const byArticle = new Map<
    string,
    { article: Article; parts: { start: number; end: number }[]; flags: boolean[][] }
  >();
  for (const f of found) {
    const c = a.view.chunk(f.doc);
    const article = a.view.chunkArticle[f.doc]!;
    const e = byArticle.get(article.id) ?? { article, parts: [], flags: [[]] };
    e.parts.push({ start: c.start, end: c.end });
    e.flags.push(new TermHits(a.view.chunkText(c), topic).all());
    byArticle.set(article.id, e);
  }
  // A reporter's or photographer's name is in the byline, not the text ("记者李振涛写了哪些稿子").
  for (const w of topic.terms)
    for (const article of a.view.bylined(w)) {
      if (!allow(article) || byArticle.has(article.id)) continue;
      byArticle.set(article.id, { article, parts: [], flags: [] });
    }
  // A district the question names (开发区) must be what the article is about, not merely its characters.
  const districts = districtsIn(a.q.topic);
  const items: Item[] = [];
  for (const { article, parts, flags: found } of byArticle.values()) {
    if (districts.length > 0 && !aboutDistricts(a, article, districts)) continue;
    const flags = [
      new TermHits(`${article.title} ${article.section ?? ''} ${bylineOf(article)}`, topic).all(),
      ...found.slice(1),
    ];
    const share = shareOf(topic, ...flags);
    if (share < a.settings.list) continue;
    const lead = new TermHits(article.text.slice(0, LEAD_CHARS), topic).all();
    const strong = shareOf(topic, flags[0]!, lead) >= a.settings.list;
    items.push({ article, quote: leadQuote(a, article, topic, parts), share, strong });
  }
  return items;
}

/**
 * Is the article about the districts: named in its title, section or paper, or the first body its lead names (a
 * city meeting that lists 开发区 among its participants is the city's news); a lead naming no body leaves it to the
 * text.
 */
function aboutDistricts(a: Asked, article: Article, districts: string[]): boolean {
  const own = normalizeForSearch(`${article.title} ${article.section ?? ''} ${article.source}`);
  if (districts.every((d) => own.includes(d))) return true;
  const norm = a.view.textOf(article).norm;
  const first = bodiesIn(norm.slice(0, LEAD_CHARS)).find((b) => b.level !== 'own');
  return first ? districts.includes(first.word) : districts.every((d) => norm.includes(d));
}

const bylineOf = (a: Article): string =>
  [...a.byline.reporters, ...a.byline.correspondents, ...a.byline.photographers, ...a.byline.authors].join(' ');

/** Without a period, the articles about the topic (in headline or lead) when there are any. */
const aboutTopic = (items: Item[]): Item[] => (items.some((x) => x.strong) ? items.filter((x) => x.strong) : items);

/** A date the ingest estimated from the page (not printed with the article) is less sure: such articles come after. */
const estimated = (x: Item): boolean => x.article.dateOrigin === 'page-estimate';

/** Newest first; those dated in the period before those naming it (or, `namingFirst`, after). */
const newestFirst =
  (namingFirst = false) =>
  (x: Item, y: Item): number =>
    (Number(y.dated ?? true) - Number(x.dated ?? true)) * (namingFirst ? -1 : 1) ||
    Number(estimated(x)) - Number(estimated(y)) ||
    (y.article.date ?? '').localeCompare(x.article.date ?? '') ||
    y.share - x.share;

function isoMinusDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

/** "最近": the newest window of the archive that holds articles on the topic. */
function latest(
  a: Asked,
  topic: WeightedTerms,
  filter: (x: Article) => boolean,
): { items: Item[]; from: string | null } {
  const newest = a.view.dates.newest;
  if (!newest) return { items: matchTopic(a, topic, filter, () => a.view.data.articles.filter(filter)), from: null };
  for (const days of LATEST_WINDOWS_DAYS) {
    const from = days === Infinity ? null : isoMinusDays(newest, days);
    const allow = (x: Article): boolean => filter(x) && (from === null || (x.date ?? '') >= from);
    const items = matchTopic(a, topic, allow, () => a.view.dates.slice(from ?? '0000', newest).filter(allow));
    if (items.some((x) => x.strong)) return { items: items.filter((x) => x.strong), from };
    if (days === Infinity) return { items, from };
  }
  return { items: [], from: null };
}

function searched(p: Period, from: string | null, to: string | null, articles: number): SearchedPeriod {
  return { said: p.said, from, to, latest: p.latest, relative: p.relative, articles };
}

function covers(view: IndexView): { oldest: string; newest: string } | null {
  const { oldest, newest } = view.dates;
  return oldest && newest ? { oldest, newest } : null;
}

/** A mentioned date (or range) that falls in the period. */
const mentions = (m: Article['mentionedDates'][number], p: Period): boolean =>
  inPeriod(m.date, p) || (m.to !== undefined && inPeriod(m.to, p));

/**
 * Articles that speak of the period without being dated in it: they write it out ("2020年下半年工作动员大会", dated
 * June) or mention a date in it ("精品选树活动(9月)").
 */
function namingArticles(a: Asked, p: Period, allow: (x: Article) => boolean): Article[] {
  const view = a.view;
  const byWords = namesPeriod(p)
    ? searchLexical(a, view.bm25.terms(p.said), CANDIDATES)
        .map((r) => view.chunkArticle[r.doc]!)
        .filter((x) => x.text.includes(p.said))
    : [];
  return [...new Set([...view.dates.mentioning(p), ...byWords])].filter(allow);
}

/** For an article that mentions the period: the sentence that does, as its quote. */
function mentionQuote(a: Asked, article: Article, p: Period): Quote | undefined {
  const m = article.mentionedDates.find((d) => mentions(d, p));
  const at = m ? article.text.indexOf(m.text) : article.text.indexOf(p.said);
  if (at < 0) return undefined;
  const span = sentenceAt(article.text, at);
  const chunk = a.view.chunksOf(article.id).find((c) => span.start >= c.start && span.start < c.end);
  return quoteOf(a, {
    articleId: article.id,
    chunkId: chunk?.id ?? `${article.id}:0`,
    text: article.text.slice(span.start, span.end),
  });
}

/** A period longer than a month ("2020年下半年"): the articles that name it are about it, so they lead. */
function longPeriod(p: SearchedPeriod): boolean {
  if (!p.from || !p.to) return false;
  const months = (d: string): number => Number(d.slice(-5, -3)) + 12 * (d.startsWith('--') ? 0 : Number(d.slice(0, 4)));
  return months(p.to) - months(p.from) >= 1;
}

/** The items of the period (or of the newest articles), and the period as searched. */
function itemsFor(
  a: Asked,
  scope: ListScope,
  topic: WeightedTerms,
): { items: Item[]; period: SearchedPeriod | null; notes: AnswerNote[] } {
  const filter = scope.filter ?? (() => true);
  const p = scope.period;
  if (!p)
    return {
      items: aboutTopic(matchTopic(a, topic, filter, () => a.view.dates.byDate.filter(filter))),
      period: null,
      notes: [],
    };
  if (p.latest) {
    const { items, from } = latest(a, topic, filter);
    return { items, period: searched(p, from, a.view.dates.newest ?? null, items.length), notes: [] };
  }
  const inside = a.view.dates.dated(p).filter(filter);
  const period = searched(p, p.from!, p.to!, inside.length);
  const ids = new Set(inside.map((x) => x.id));
  // A day's own articles are its news; those that only mention it count when it has none (or for longer periods).
  const naming = inside.length === 0 || p.from !== p.to ? namingArticles(a, p, (x) => filter(x) && !ids.has(x.id)) : [];
  if (inside.length === 0 && naming.length === 0) {
    const note: AnswerNote = { code: 'period-empty', said: p.said, range: rangeOf(p), archive: covers(a.view) };
    return { items: [], period, notes: [note] };
  }
  for (const x of naming) ids.add(x.id);
  const items = matchTopic(
    a,
    topic,
    (x) => ids.has(x.id),
    () => [...inside, ...naming],
  );
  for (const it of items) {
    it.dated = inPeriod(it.article.date, p);
    if (!it.dated) it.quote = mentionQuote(a, it.article, p) ?? it.quote;
  }
  return { items, period, notes: [] };
}

/**
 * The order of a list: newest first. Without a period, the most relevant come first by pages (each page newest
 * first); over a long period, the articles that name it come before those merely dated in it.
 */
function order(items: Item[], period: SearchedPeriod | null): Item[] {
  if (period === null || period.latest) {
    if (period?.latest) return [...items].sort(newestFirst());
    const byRelevance = items.map((x, i) => ({ x, i })).sort((p, q) => q.x.share - p.x.share || p.i - q.i);
    const pages: Item[] = [];
    for (let i = 0; i < byRelevance.length; i += LIST_PAGE)
      pages.push(
        ...byRelevance
          .slice(i, i + LIST_PAGE)
          .map((r) => r.x)
          .sort(newestFirst()),
      );
    return pages;
  }
  return [...items].sort(newestFirst(longPeriod(period)));
}

export function answerList(a: Asked, scope: ListScope, topic: WeightedTerms): Reply {
  const { items, period, notes } = itemsFor(a, scope, topic);
  const listed = order(items, period).slice(0, LIST_MAX);
  const hits: Hit[] = listed.slice(LIST_PAGE).map((x) => ({ ...x.quote, score: Number(x.share.toFixed(3)) }));
  if (listed.length === 0 && period?.articles && notes.length === 0)
    notes.push({ code: 'period-off-topic', articles: period.articles, range: rangeOf(period) });
  return {
    answered: listed.length > 0,
    confidence: Number((listed[0]?.share ?? 0).toFixed(3)),
    quotes: listed.slice(0, LIST_PAGE).map((x) => x.quote),
    hits,
    notes,
    period,
  };
}
