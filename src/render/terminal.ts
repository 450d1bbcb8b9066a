import type { Article } from '../ingest/article.js';
import type { Answer, ArchiveStats, Citation, Quote } from '../search/archive.js';
import { periodRange } from '../search/period.js';
import { dateText, titleLabel } from './labels.js';

// Plain-text rendering for the terminal (ask, chat, news).

export function dateLabel(date: string | null | undefined): string {
  if (!date) return 'undated';
  return date.startsWith('--') ? `${date.slice(2)} (year unknown)` : date;
}

/** The period an answer searched, in words: every renderer says it the same way. */
export function periodLine(a: Pick<Answer, 'period' | 'intent'>): string | undefined {
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

/** A quote with its answer emphasised: bold on a terminal, «…» in plain text. */
export function marked(q: Pick<Quote, 'text' | 'mark'>, color = false): string {
  if (!q.mark) return q.text;
  const [open, close] = color ? ['\u001b[1m', '\u001b[22m'] : ['«', '»'];
  const { start, end } = q.mark;
  return `${q.text.slice(0, start)}${open}${q.text.slice(start, end)}${close}${q.text.slice(end)}`;
}

const sourceLine = (c: Omit<Citation, 'text' | 'chunkId' | 'articleId'>): string =>
  `${titleLabel(c).text} · ${c.source} · ${dateText(c)}`;

function renderList(a: Answer, color: boolean): string[] {
  return [...a.quotes, ...a.hits].flatMap((q, i) => [
    `${i + 1}. ${dateText(q)} · ${titleLabel(q).text} · ${q.source}`,
    `   > ${marked(q, color)}`,
    `   ${q.url}`,
  ]);
}

function renderQuotes(a: Answer, color: boolean): string[] {
  if (a.intent === 'overview' && a.quotes[0]) {
    return [
      ...a.quotes.map((q) => `> ${marked(q, color)}`),
      `  — ${sourceLine(a.quotes[0])}`,
      `    ${a.quotes[0].url}`,
    ];
  }
  return a.quotes.flatMap((q) => [`> ${marked(q, color)}`, `  — ${sourceLine(q)}`, `    ${q.url}`]);
}

/** An answer as terminal text. `color`: the terminal shows bold (ANSI); otherwise the answer is set in «…». */
export function renderAnswer(a: Answer, opts: { color?: boolean } = {}): string {
  const color = opts.color ?? false;
  if (a.intent === 'chatter')
    return 'That does not look like a question. Ask about the local news, for example "开发区有哪些新闻？".';
  const lines: string[] = [];
  if (a.mode === 'lexical') lines.push('[lexical search only: no embedding model]');
  const period = periodLine(a);
  if (period) lines.push(period);
  for (const n of a.notes) lines.push(`note: ${n}`);
  if (a.answered) lines.push(...(a.intent === 'list' ? renderList(a, color) : renderQuotes(a, color)));
  else {
    lines.push('The archive holds no clear answer to that question.');
    if (a.closest.length > 0)
      lines.push('Closest articles:', ...a.closest.map((c) => `  - ${sourceLine(c)}  ${c.url}`));
  }
  return lines.join('\n');
}

export function renderArticleLine(a: Article, url: string): string {
  return `${a.id}  ${titleLabel(a).text} · ${a.source} · ${dateText(a)}  ${url}`;
}

export function renderStats(s: ArchiveStats): string {
  return [
    `${s.articles} articles (${s.chunks} passages) from ${s.papers.join(', ')}`,
    `dates: ${s.firstDate ?? '?'} to ${s.lastDate ?? '?'}${s.undated ? `, ${s.undated} with no full date` : ''}`,
    `search: ${s.mode === 'hybrid' ? `hybrid (meaning + words), model ${s.model}` : `lexical only (words)${s.modeReason ? `: ${s.modeReason}` : ''}`}`,
    `index built ${s.builtAt}`,
  ].join('\n');
}
