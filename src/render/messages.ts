import type { Answer } from '../search/answer.js';
import type { ArchiveStats } from '../search/archive.js';
import type { AnswerNote, Range } from '../search/notes.js';
import { OPEN_END, OPEN_START, periodRange } from '../search/period.js';
import type { Checked } from '../search/validate.js';
import { counted } from '../text/counted.js';
import { chineseDate, chineseMonth } from './chinese-date.js';
import { dateText } from './labels.js';
import type { Lang } from './language.js';

// Every sentence a reader sees from the bot and the terminal, in Simplified Chinese and in English: one definition
// of each message per language, pure functions of the data they word. What the paper printed (quotes, titles, paper
// names) and what a user typed are passed in as they are, never translated. Discord markdown is the caller's: where a
// message holds a part in bold or a link, the caller passes that part already made.

export type { Lang } from './language.js';

type Mode = Answer['mode'];

export interface Messages {
  // A question and its answer
  help: string;
  tooLong(length: number, max: number): string;
  chatterHint: string;
  chatterLine: string;
  noClearAnswer: string;
  closestArticles: string;
  untitled: string;
  sourceLink: string;
  date(date: string | null | undefined): string;
  range(r: Range): string;
  period(a: Pick<Answer, 'period' | 'intent'>): string | undefined;
  note(n: AnswerNote): string;
  answerFooter(mode: Mode): string;
  pageFooter(page: number, pages: number, mode: Mode): string;
  noFurtherResults: string;
  previousButton: string;
  moreButton: string;
  // Refusals and errors
  tooFast(retryMs: number): string;
  channelBusy(retryMs: number): string;
  restarting: string;
  unknownCommand: string;
  expired: string;
  handlerError(id: string): string;
  notAFullDate(option: string): string;
  reversedRange(from: string, to: string): string;
  /** /ask's `from` and `to` options, reversed. */
  reversedOptions(from: string, to: string): string;
  // /news
  unreadableDate(typed: string): string;
  noArticlesOn(date: string): string;
  datesWithArticles(dates: string[]): string;
  noDatedArticles: string;
  newsTitle(date: string, n: number): string;
  andMore(n: number): string;
  photo: string;
  dateChoice(date: string, n: number): string;
  // /source
  noArticleMatches(typed: string): string;
  paper: string;
  dateField: string;
  byline: string;
  sourceField: string;
  originalArticle: string;
  archivePage: string;
  inferredDate(yearFromOperator: boolean): string;
  estimatedDate: string;
  idFooter(id: string): string;
  // /about and the terminal's summary
  aboutTitle: string;
  aboutArticles(articles: string, chunks: number, papers: string, morePapers: number): string;
  aboutDates(first: string | null, last: string | null, undated: number): string;
  searchHybrid(model: string): string;
  searchWordsOnly(reason: string): string;
  linksLocalOnly(base: string): string;
  builtAt(when: string): string;
  // live sources in /about
  never: string;
  sourceName(name: string, paper: string): string;
  sourceState(articles: number, lastSuccess: string, configured: boolean): string;
  sourceFailing(failures: number, error: string): string;
  sourceLastError(when: string, error: string): string;
  moreSources: string;
  moreSourcesValue(n: number): string;
  // the terminal
  wordsOnlyTag: string;
  noteLine(text: string): string;
  stats(s: ArchiveStats): string[];
  chat: ChatMessages;
}

/** The terminal chat session's own lines. */
export interface ChatMessages {
  intro: string;
  forExample: string;
  askInChinese: string;
  commands(date: string | undefined): string;
  pagesOff: string;
  pagesAt(base: string): string;
  pagesOnPort(port: number, base: string): string;
  monthLabel(year: number | undefined, month: number): string;
  noArticlesInMonth(label: string): string;
  daysOfMonth(label: string): string;
  articlesOnDay(n: number): string;
  newsUsage: string;
  noArticlesOn(date: string): string;
  noSuchArticle: string;
  notACommand(word: string): string;
}

const ASK_EXAMPLE = '开发区有哪些新闻？';

/** A wait in whole seconds, rounded up: "try again in 0 s" would be wrong. */
const seconds = (ms: number): number => Math.ceil(ms / 1000);

// --- English -------------------------------------------------------------------------------------------------

function enPeriod(a: Pick<Answer, 'period' | 'intent'>): string | undefined {
  const p = a.period;
  if (!p) return undefined;
  if (p.latest)
    return p.from
      ? `“${p.said}”: the archive's newest articles on this, dated ${p.from} to ${p.to}, newest first.`
      : `“${p.said}”: the archive's newest articles on this, newest first.`;
  const range = periodRange(p);
  return a.intent === 'factoid'
    ? `“${p.said}”: articles dated ${range} were preferred.`
    : `“${p.said}”: articles dated ${range}, newest first.`;
}

function enNote(n: AnswerNote): string {
  switch (n.code) {
    case 'period-empty': {
      const covers = n.archive
        ? `the archive covers ${n.archive.oldest} to ${n.archive.newest}`
        : 'the archive holds no dated articles';
      return `No article in the archive is dated ${periodRange(n.range)} (${n.said}); ${covers}.`;
    }
    case 'period-off-topic':
      return `${n.articles} articles are dated ${periodRange(n.range)}, none of them on that.`;
    case 'outside-period':
      return `The question asks about ${n.said} (${periodRange(n.range)}); the closest article is dated ${n.articleDate ?? 'without a date'}.`;
    case 'filter-empty':
      return `No article is dated ${periodRange(n.range)}.`;
    case 'words-only':
      return 'This archive is searched by its words only (no embedding model), so a question not written in Chinese can hardly match its Chinese articles.';
  }
}

const enDate = (d: string | null | undefined): string => dateText({ date: d ?? null }, 'en');

const enChat: ChatMessages = {
  intro: 'Ask a question about the local news; answers are quotes from the archived articles, with their sources.',
  forExample: 'For example:',
  askInChinese: 'Search is by words only (no embedding model): ask in Chinese, in words the articles would use.',
  commands: (date) => `Commands: /news ${date ?? 'DATE'}, /source ID or title words, /about, /quit`,
  pagesOff: 'Citation pages are not served (WEB_ENABLED=false).',
  pagesAt: (base) => `Citation pages: ${base}/ (the links open there while this session runs)`,
  pagesOnPort: (port, base) => `Citation pages served on port ${port}; links use PUBLIC_BASE_URL (${base})`,
  monthLabel: (year, month) =>
    year === undefined
      ? `month ${String(month).padStart(2, '0')} of any year`
      : `${year}-${String(month).padStart(2, '0')}`,
  noArticlesInMonth: (label) => `No articles dated in ${label}.`,
  daysOfMonth: (label) => `Days of ${label} with articles (then /news one of them):`,
  articlesOnDay: (n) => counted(n, 'article'),
  newsUsage: 'usage: /news 2020-06-19 (or 6月19日, today, or a month: 2020年3月)',
  noArticlesOn: (date) => `No articles dated ${date}.`,
  noSuchArticle: 'No such article.',
  notACommand: (word) =>
    `${word} is not a command. Commands: /news DATE, /source ID or title words, /about, /quit; anything else is a question.`,
};

const en: Messages = {
  help:
    'Ask a question about the local news, for example "开发区选派了多少名首席服务员？" or "What did the paper say about the new industrial park?". ' +
    'Answers are quotes from the archived articles, with their sources.',
  tooLong: (length, max) => `That question is ${length} characters long; please keep it under ${max}.`,
  chatterHint: `Ask me about the local news, for example “${ASK_EXAMPLE}”.`,
  chatterLine: `That does not look like a question. Ask about the local news, for example "${ASK_EXAMPLE}".`,
  noClearAnswer: 'The archive holds no clear answer to that question.',
  closestArticles: 'Closest articles:',
  untitled: 'untitled',
  sourceLink: 'source',
  date: enDate,
  range: periodRange,
  period: enPeriod,
  note: enNote,
  answerFooter: (mode) =>
    mode === 'lexical'
      ? 'Quotes from the archive · word search only (no embedding model)'
      : 'Quotes from the archive · hybrid search',
  pageFooter: (page, pages, mode) =>
    `More results · page ${page} of ${pages} · ${mode === 'lexical' ? 'word search only' : 'hybrid search'}`,
  noFurtherResults: 'No further results.',
  previousButton: 'Previous',
  moreButton: 'More results',
  tooFast: (ms) => `You are asking faster than I can keep up with; please try again in ${seconds(ms)} s.`,
  channelBusy: (ms) => `This channel has many questions waiting; please ask again in ${seconds(ms)} s.`,
  restarting: 'The bot is restarting; please try again in a minute.',
  unknownCommand: 'I do not know that command; try /ask.',
  expired: 'These results have expired. Please ask again.',
  handlerError: (id) => `Sorry, something went wrong while answering (error id \`${id}\`).`,
  notAFullDate: (option) => `\`${option}\` must be a full date such as 2020-06-19, 2020/6/19 or today.`,
  reversedRange: (from, to) => `the start date (${from}) is after the end date (${to}): swap them?`,
  reversedOptions: (from, to) => `\`from\` and \`to\`: ${en.reversedRange(from, to)}`,
  unreadableDate: (typed) => `I cannot read "${typed}" as a date; try 2020-06-19, 6月19日 or today.`,
  noArticlesOn: (date) => `No articles dated ${enDate(date)}`,
  datesWithArticles: (dates) => `Dates with articles include: ${dates.map(enDate).join(', ')}`,
  noDatedArticles: 'The archive has no dated articles.',
  newsTitle: (date, n) => `News of ${enDate(date)} (${n})`,
  andMore: (n) => `…and ${n} more`,
  photo: 'photo',
  dateChoice: (date, n) => `${enDate(date)} (${counted(n, 'article')})`,
  noArticleMatches: (typed) => `No article matches "${typed}". Start typing a title to pick one.`,
  paper: 'Paper',
  dateField: 'Date',
  byline: 'Byline',
  sourceField: 'Source',
  originalArticle: 'original article',
  archivePage: 'archive page',
  inferredDate: (operator) => ` (inferred from the text${operator ? '; year supplied by the operator' : ''})`,
  estimatedDate: ' (estimated from the other articles of its page)',
  idFooter: (id) => `id ${id}`,
  aboutTitle: 'About this news archive',
  aboutArticles: (articles, chunks, papers, more) =>
    `${articles} articles (${chunks} passages) from ${papers}${more ? ` and ${more} more` : ''}.`,
  aboutDates: (first, last, undated) =>
    `Dates: ${first ?? '?'} to ${last ?? '?'}${undated ? ` (${undated} articles without a full date)` : ''}.`,
  searchHybrid: (model) => `Search: **hybrid** (meaning and words), model ${model}.`,
  searchWordsOnly: (reason) =>
    `Search: **word search only** — no embedding model is loaded${reason ? ` (${reason})` : ''}. ` +
    'Questions match by their words, not their meaning.',
  linksLocalOnly: (base) =>
    `Citation links: **local only** — they point at ${base}, which only the bot's own ` +
    'machine can open (the operator has not set PUBLIC_BASE_URL). Articles with their own web address link there.',
  builtAt: (when) => `Index built ${when}.`,
  never: 'never',
  sourceName: (name, paper) => `Source ${name} · ${paper}`,
  sourceState: (articles, last, configured) =>
    `${articles} articles · last success ${last}${configured ? '' : ' · no longer in the sources file'}`,
  sourceFailing: (failures, error) => `**failing** (${counted(failures, 'run')}): ${error}`,
  sourceLastError: (when, error) => `last error ${when}: ${error}`,
  moreSources: 'More sources',
  moreSourcesValue: (n) => `${n} more: npm run -s inspect -- --sources`,
  wordsOnlyTag: '[lexical search only: no embedding model]',
  noteLine: (text) => `note: ${text}`,
  stats: (s) => [
    `${s.articles} articles (${s.chunks} passages) from ${s.papers.join(', ')}`,
    `dates: ${s.firstDate ?? '?'} to ${s.lastDate ?? '?'}${s.undated ? `, ${s.undated} with no full date` : ''}`,
    `search: ${s.mode === 'hybrid' ? `hybrid (meaning + words), model ${s.model}` : `lexical only (words)${s.modeReason ? `: ${s.modeReason}` : ''}`}`,
    `index built ${s.builtAt}`,
  ],
  chat: enChat,
};

// --- 简体中文 -------------------------------------------------------------------------------------------------

const zhDate = (d: string | null | undefined): string => chineseDate(d);
const zhDay = (d: string): string => chineseDate(d);
const monthDay = (d: string): string => `${Number(d.slice(-5, -3))}月${Number(d.slice(-2))}日`;
const lastDayOf = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A searched range as Chinese readers say it: 2020年6月, 2023年, 2020年6月1日至2020年6月15日, 任意年份的6月19日. */
function zhRange(r: Range): string {
  const { from, to } = r;
  if (!from || !to) return '最近';
  if (from.startsWith('--'))
    return from === to ? `任意年份的${monthDay(from)}` : `任意年份的${monthDay(from)}至${monthDay(to)}`;
  if (from === to) return zhDay(from);
  if (to === OPEN_END) return `${zhDay(from)}及以后`;
  if (from === OPEN_START) return `${zhDay(to)}及以前`;
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  if (fd === 1 && fy === ty && td === lastDayOf(ty, tm)) {
    if (fm === 1 && tm === 12) return `${fy}年`;
    if (fm === tm) return chineseMonth(fy, fm);
  }
  return `${zhDay(from)}至${zhDay(to)}`;
}

function zhPeriod(a: Pick<Answer, 'period' | 'intent'>): string | undefined {
  const p = a.period;
  if (!p) return undefined;
  if (p.latest)
    return p.from && p.to
      ? `“${p.said}”：档案中与此相关的最新文章，日期为${zhDay(p.from)}至${zhDay(p.to)}，按从新到旧排列。`
      : `“${p.said}”：档案中与此相关的最新文章，按从新到旧排列。`;
  const range = zhRange(p);
  return a.intent === 'factoid'
    ? `“${p.said}”：优先选用日期在${range}的文章。`
    : `“${p.said}”：日期在${range}的文章，按从新到旧排列。`;
}

function zhNote(n: AnswerNote): string {
  switch (n.code) {
    case 'period-empty': {
      const covers = n.archive
        ? `档案收录的文章日期为${zhDay(n.archive.oldest)}至${zhDay(n.archive.newest)}`
        : '档案中没有标明日期的文章';
      return `档案中没有日期在${zhRange(n.range)}（${n.said}）的文章；${covers}。`;
    }
    case 'period-off-topic':
      return `日期在${zhRange(n.range)}的文章共${n.articles}篇，但都与此无关。`;
    case 'outside-period':
      return `问题问的是${n.said}（${zhRange(n.range)}）；最接近的文章${n.articleDate ? `日期为${zhDate(n.articleDate)}` : '没有日期'}。`;
    case 'filter-empty':
      return `没有日期在${zhRange(n.range)}的文章。`;
    case 'words-only':
      return '本档案只按词语搜索（未加载语义模型），不是用中文写的问题很难与其中的中文文章相匹配。';
  }
}

const zhChat: ChatMessages = {
  intro: '请提一个关于本地新闻的问题；回答引自存档文章的原文，并附出处。',
  forExample: '例如：',
  askInChinese: '目前只按词语搜索（未加载语义模型）：请用中文提问，用文章里会出现的词语。',
  commands: (date) => `命令：/news ${date ?? '日期'}、/source 编号或标题中的词、/about、/quit`,
  pagesOff: '不提供引文网页（WEB_ENABLED=false）。',
  pagesAt: (base) => `引文网页：${base}/（本次会话期间可打开其中的链接）`,
  pagesOnPort: (port, base) => `引文网页在端口 ${port} 上提供；链接使用 PUBLIC_BASE_URL（${base}）`,
  monthLabel: (year, month) => (year === undefined ? `任意年份的${month}月` : chineseMonth(year, month)),
  noArticlesInMonth: (label) => `${label}没有文章。`,
  daysOfMonth: (label) => `${label}有文章的日子（再用 /news 查看其中一天）：`,
  articlesOnDay: (n) => `共${n}篇`,
  newsUsage: '用法：/news 2020-06-19（或 6月19日、今天，或某个月份：2020年3月）',
  noArticlesOn: (date) => `${zhDate(date)}没有文章。`,
  noSuchArticle: '没有这篇文章。',
  notACommand: (word) =>
    `${word} 不是命令。命令有：/news 日期、/source 编号或标题中的词、/about、/quit；其他内容都当作问题。`,
};

const zh: Messages = {
  help:
    '请提一个关于本地新闻的问题，例如“开发区选派了多少名首席服务员？”或“报纸对新产业园是怎么说的？”。' +
    '回答引自存档文章的原文，并附出处。',
  tooLong: (length, max) => `这个问题有${length}个字，请控制在${max}个字以内。`,
  chatterHint: `请问我本地新闻方面的问题，例如“${ASK_EXAMPLE}”。`,
  chatterLine: `这看起来不像一个问题。请问本地新闻方面的问题，例如“${ASK_EXAMPLE}”。`,
  noClearAnswer: '档案中没有这个问题的明确答案。',
  closestArticles: '最接近的文章：',
  untitled: '无标题',
  sourceLink: '出处',
  date: zhDate,
  range: zhRange,
  period: zhPeriod,
  note: zhNote,
  answerFooter: (mode) =>
    mode === 'lexical' ? '引自新闻档案 · 仅按词语搜索（未加载语义模型）' : '引自新闻档案 · 混合搜索（语义与词语）',
  pageFooter: (page, pages, mode) =>
    `更多结果 · 第${page}/${pages}页 · ${mode === 'lexical' ? '仅按词语搜索' : '混合搜索'}`,
  noFurtherResults: '没有更多结果了。',
  previousButton: '上一页',
  moreButton: '更多结果',
  tooFast: (ms) => `你提问太快了，请${seconds(ms)}秒后再试。`,
  channelBusy: (ms) => `这个频道还有很多问题在等待回答，请${seconds(ms)}秒后再问。`,
  restarting: '机器人正在重启，请一分钟后再试。',
  unknownCommand: '我不认识这个命令；请试试 /ask。',
  expired: '这些结果已过期，请重新提问。',
  handlerError: (id) => `抱歉，回答时出错了（错误编号 \`${id}\`）。`,
  notAFullDate: (option) => `\`${option}\` 须是完整的日期，例如 2020-06-19、2020/6/19 或 今天。`,
  reversedRange: (from, to) => `开始日期（${zhDay(from)}）晚于结束日期（${zhDay(to)}）：要对调吗？`,
  reversedOptions: (from, to) => `\`from\` 与 \`to\`：${zh.reversedRange(from, to)}`,
  unreadableDate: (typed) => `无法把“${typed}”读作日期；请试试 2020-06-19、6月19日 或 今天。`,
  noArticlesOn: (date) => `${zhDate(date)}没有文章`,
  datesWithArticles: (dates) => `有文章的日期包括：${dates.map(zhDate).join('、')}`,
  noDatedArticles: '档案中没有标明日期的文章。',
  newsTitle: (date, n) => `${zhDate(date)}的新闻（共${n}篇）`,
  andMore: (n) => `……另有${n}篇`,
  photo: '图片',
  dateChoice: (date, n) => `${zhDate(date)}（${n}篇）`,
  noArticleMatches: (typed) => `没有与“${typed}”相符的文章。输入标题中的字词，即可从列表中选择。`,
  paper: '报纸',
  dateField: '日期',
  byline: '作者',
  sourceField: '来源',
  originalArticle: '原文',
  archivePage: '档案页面',
  inferredDate: (operator) => `（据正文推断${operator ? '；年份由管理员提供' : ''}）`,
  estimatedDate: '（据同版其他文章估计）',
  idFooter: (id) => `编号 ${id}`,
  aboutTitle: '关于本新闻档案',
  aboutArticles: (articles, chunks, papers, more) =>
    `共${articles}篇文章（${chunks}个段落），来自${papers}${more ? `等，另有${more}家报纸` : ''}。`,
  aboutDates: (first, last, undated) =>
    `日期：${first ? zhDay(first) : '?'}至${last ? zhDay(last) : '?'}${undated ? `（其中${undated}篇没有完整日期）` : ''}。`,
  searchHybrid: (model) => `搜索方式：**混合**（语义与词语），模型 ${model}。`,
  searchWordsOnly: (reason) =>
    `搜索方式：**仅按词语**——未加载语义模型${reason ? `（${reason}）` : ''}。问题按字词匹配，而不是按意思。`,
  linksLocalOnly: (base) =>
    `引文链接：**仅限本机**——链接指向 ${base}，只有机器人所在的机器能打开（管理员尚未设置 PUBLIC_BASE_URL）。` +
    '有自己网址的文章链接到原网址。',
  builtAt: (when) => `索引建于 ${when}。`,
  never: '从未',
  sourceName: (name, paper) => `来源 ${name} · ${paper}`,
  sourceState: (articles, last, configured) =>
    `${articles}篇文章 · 上次成功 ${last}${configured ? '' : ' · 已不在来源文件中'}`,
  sourceFailing: (failures, error) => `**连续失败**（${failures}次）：${error}`,
  sourceLastError: (when, error) => `上次出错 ${when}：${error}`,
  moreSources: '更多来源',
  moreSourcesValue: (n) => `另有${n}个：npm run -s inspect -- --sources`,
  wordsOnlyTag: '[仅按词语搜索：未加载语义模型]',
  noteLine: (text) => `注：${text}`,
  stats: (s) => [
    `共${s.articles}篇文章（${s.chunks}个段落），来自${s.papers.join('、')}`,
    `日期：${s.firstDate ? zhDay(s.firstDate) : '?'}至${s.lastDate ? zhDay(s.lastDate) : '?'}${s.undated ? `，其中${s.undated}篇没有完整日期` : ''}`,
    `搜索：${s.mode === 'hybrid' ? `混合（语义与词语），模型 ${s.model}` : `仅按词语${s.modeReason ? `：${s.modeReason}` : ''}`}`,
    `索引建于 ${s.builtAt}`,
  ],
  chat: zhChat,
};

const CATALOGUE: Record<Lang, Messages> = { en, zh };

/** The messages of a language. */
export const messages = (lang: Lang): Messages => CATALOGUE[lang];

/** Why a question is not searched (nothing to search for: the help; too long: by how much), in words. */
export function refusal(c: Exclude<Checked, { ok: true }>, lang: Lang): string {
  const m = messages(lang);
  return c.reason === 'empty' ? m.help : m.tooLong(c.length, c.max);
}

// --- The slash commands, as Discord lists them -------------------------------------------------------------------

/** A command's or an option's name and description. */
export interface NameText {
  name: string;
  description: string;
}

/** English (the registered default), and the names Discord shows to zh-CN (Simplified) and zh-TW (Traditional). */
export interface Localized extends NameText {
  'zh-CN': NameText;
  'zh-TW': NameText;
}

const text = (name: string, description: string): NameText => ({ name, description });
const localized = (en: NameText, cn: NameText, tw: NameText): Localized => ({ ...en, 'zh-CN': cn, 'zh-TW': tw });

export const COMMAND_TEXT = {
  ask: localized(
    text('ask', 'Ask about the local news; the answer quotes the paper'),
    text('提问', '询问本地新闻；回答引用报纸原文'),
    text('提問', '詢問本地新聞；回答引用報紙原文'),
  ),
  askQuestion: localized(text('question', 'Your question'), text('问题', '你的问题'), text('問題', '你的問題')),
  askFrom: localized(
    text('from', 'Only articles from this date (2020-06-19)'),
    text('起始日期', '只看这一天及以后的文章（2020-06-19）'),
    text('起始日期', '只看這一天及以後的文章（2020-06-19）'),
  ),
  askTo: localized(
    text('to', 'Only articles up to this date (2020-06-30)'),
    text('截止日期', '只看这一天及以前的文章（2020-06-30）'),
    text('截止日期', '只看這一天及以前的文章（2020-06-30）'),
  ),
  news: localized(
    text('news', "List a day's articles"),
    text('新闻', '列出某一天的文章'),
    text('新聞', '列出某一天的文章'),
  ),
  newsDate: localized(
    text('date', '2020-06-19, 2020/6/19, 6月19日, today, yesterday'),
    text('日期', '2020-06-19、2020/6/19、6月19日、今天、昨天'),
    text('日期', '2020-06-19、2020/6/19、6月19日、今天、昨天'),
  ),
  source: localized(
    text('source', 'Open an article: title, date, paper, first paragraph and link'),
    text('出处', '打开一篇文章：标题、日期、报纸、首段和链接'),
    text('出處', '打開一篇文章：標題、日期、報紙、首段和連結'),
  ),
  sourceArticle: localized(
    text('article', 'Article id or words of its title'),
    text('文章', '文章编号或标题中的字词'),
    text('文章', '文章編號或標題中的字詞'),
  ),
  about: localized(
    text('about', 'What the archive covers and how it searches'),
    text('关于', '档案收录了什么，怎样搜索'),
    text('關於', '檔案收錄了什麼，怎樣搜尋'),
  ),
} as const satisfies Record<string, Localized>;
