import { findDates, formatDate, type PartialDate } from '../ingest/dates.js';
import { normalizeForSearch } from '../text/normalize.js';

// What a question asks for, read without a model: the words to match, the kind of answer, and dates it names.

export type AnswerKind = 'number' | 'person' | 'time' | 'place' | 'other';

export interface QuestionAnalysis {
  /** The question with question words removed, for lexical matching. */
  content: string;
  kind: AnswerKind;
  /** Dates named in the question ("3月17日", "2020年6月", "today"): a boost, not a filter. */
  dates: PartialDate[];
  hasHan: boolean;
}

const QUESTION_WORDS =
  /什么时候|什么时间|为什么|怎么样|怎么回事|有多少|多少|哪些|哪个|哪里|哪儿|哪天|哪一天|几月|几号|几日|什么|怎么|如何|是否|有没有|是不是|请问|报纸|报道了?|说了什么|说了|提到|关于|吗|呢|吧|？|\?/gu;

export function analyzeQuestion(question: string, now = new Date()): QuestionAnalysis {
  const q = normalizeForSearch(question);
  let kind: AnswerKind = 'other';
  if (/多少|几个|几名|几家|几项|几次|how many|how much|数量|总额|金额/u.test(q)) kind = 'number';
  else if (/什么时候|何时|哪天|哪一天|几月|几号|几日|when|what date/u.test(q)) kind = 'time';
  else if (/谁|哪位|who\b/u.test(q)) kind = 'person';
  else if (/哪里|哪儿|在哪|where/u.test(q)) kind = 'place';

  const dates: PartialDate[] = findDates(q).map((d) => d.from);
  const day = (offset: number): PartialDate => {
    const t = new Date(now.getTime() + offset * 86_400_000);
    return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
  };
  if (/今天|今日|\btoday\b/u.test(q)) dates.push(day(0));
  if (/昨天|昨日|\byesterday\b/u.test(q)) dates.push(day(-1));
  const content = q.replace(QUESTION_WORDS, ' ').replace(/\s+/gu, ' ').trim();
  return { content: content || q, kind, dates, hasHan: /\p{sc=Han}/u.test(q) };
}

/** Does an article date ("2020-06-19", "--06-19", "2020-06") fall on a date the question names? */
export function dateMatches(articleDate: string | undefined, wanted: PartialDate): boolean {
  if (!articleDate) return false;
  const m = /^(\d{4}|-)-(\d{2})(?:-(\d{2}))?$/u.exec(articleDate);
  if (!m) return false;
  const year = m[1] === '-' ? undefined : Number(m[1]);
  if (wanted.year !== undefined && year !== undefined && wanted.year !== year) return false;
  if (Number(m[2]) !== wanted.month) return false;
  return wanted.day === undefined || m[3] === undefined || Number(m[3]) === wanted.day;
}

/** Parse a date a user typed for a filter or /news: 2020-06-19, 2020/6/19, 6月19日, today, yesterday. */
export function parseUserDate(input: string, now = new Date()): { date: PartialDate; text: string } | undefined {
  const s = input.trim().toLowerCase();
  const rel = /^(today|今天|今日)$/u.test(s) ? 0 : /^(yesterday|昨天|昨日)$/u.test(s) ? -1 : undefined;
  if (rel !== undefined) {
    const t = new Date(now.getTime() + rel * 86_400_000);
    const date = { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
    return { date, text: formatDate(date) };
  }
  // The archive's own form for a date whose year is unknown ("--06-19"), as links and autocomplete carry it.
  const partial = /^--(\d{2})-(\d{2})$/u.exec(s);
  if (partial) {
    const date = { month: Number(partial[1]), day: Number(partial[2]) };
    return validPartial(date) ? { date, text: formatDate(date) } : undefined;
  }
  const found = findDates(s);
  if (found.length !== 1 || found[0]!.start !== 0 || found[0]!.end !== s.length) return undefined;
  const d = found[0]!.from;
  return { date: d, text: formatDate(d) };
}

function validPartial(d: PartialDate): boolean {
  return d.month >= 1 && d.month <= 12 && d.day !== undefined && d.day >= 1 && d.day <= 31;
}
