import type { Article } from '../ingest/article.js';
import type { Answer, ArchiveStats, Citation, Quote } from '../search/archive.js';
import { dateText, titleLabel } from './labels.js';
import { answerLanguage, type Lang } from './language.js';
import { messages } from './messages.js';

// Plain-text rendering for the terminal (ask, chat, news), in the reader's language (render/messages.ts).

/** A bare date in English ("2020-06-19", "06-19 (year unknown)", "undated"): operators' commands (`news`). */
export function dateLabel(date: string | null | undefined): string {
  return dateText({ date: date ?? null }, 'en');
}

/** The period an answer searched, in words: every renderer says it the same way. */
export function periodLine(a: Pick<Answer, 'period' | 'intent'>, lang: Lang = 'en'): string | undefined {
  return messages(lang).period(a);
}

/** A quote with its answer emphasised: bold on a terminal, «…» in plain text. */
export function marked(q: Pick<Quote, 'text' | 'mark'>, color = false): string {
  if (!q.mark) return q.text;
  const [open, close] = color ? ['\u001b[1m', '\u001b[22m'] : ['«', '»'];
  const { start, end } = q.mark;
  return `${q.text.slice(0, start)}${open}${q.text.slice(start, end)}${close}${q.text.slice(end)}`;
}

const sourceLine = (c: Omit<Citation, 'text' | 'chunkId' | 'articleId'>, lang: Lang): string =>
  `${titleLabel(c, lang).text} · ${c.source} · ${dateText(c, lang)}`;

function renderList(a: Answer, color: boolean, lang: Lang): string[] {
  return [...a.quotes, ...a.hits].flatMap((q, i) => [
    `${i + 1}. ${dateText(q, lang)} · ${titleLabel(q, lang).text} · ${q.source}`,
    `   > ${marked(q, color)}`,
    `   ${q.url}`,
  ]);
}

function renderQuotes(a: Answer, color: boolean, lang: Lang): string[] {
  if (a.intent === 'overview' && a.quotes[0]) {
    return [
      ...a.quotes.map((q) => `> ${marked(q, color)}`),
      `  — ${sourceLine(a.quotes[0], lang)}`,
      `    ${a.quotes[0].url}`,
    ];
  }
  return a.quotes.flatMap((q) => [`> ${marked(q, color)}`, `  — ${sourceLine(q, lang)}`, `    ${q.url}`]);
}

/**
 * An answer as terminal text, in `lang` (by default the question's language). `color`: the terminal shows bold
 * (ANSI); otherwise the answer is set in «…».
 */
export function renderAnswer(a: Answer, opts: { color?: boolean; lang?: Lang } = {}): string {
  const color = opts.color ?? false;
  const lang = opts.lang ?? answerLanguage(a);
  const m = messages(lang);
  if (a.intent === 'chatter') return m.chatterLine;
  const lines: string[] = [];
  if (a.mode === 'lexical') lines.push(m.wordsOnlyTag);
  const period = m.period(a);
  if (period) lines.push(period);
  for (const n of a.notes) lines.push(m.noteLine(m.note(n)));
  if (a.answered) lines.push(...(a.intent === 'list' ? renderList(a, color, lang) : renderQuotes(a, color, lang)));
  else {
    lines.push(m.noClearAnswer);
    if (a.closest.length > 0)
      lines.push(m.closestArticles, ...a.closest.map((c) => `  - ${sourceLine(c, lang)}  ${c.url}`));
  }
  return lines.join('\n');
}

export function renderArticleLine(a: Article, url: string, lang: Lang = 'en'): string {
  return `${a.id}  ${titleLabel(a, lang).text} · ${a.source} · ${dateText(a, lang)}  ${url}`;
}

export function renderStats(s: ArchiveStats, lang: Lang = 'en'): string {
  return messages(lang).stats(s).join('\n');
}
