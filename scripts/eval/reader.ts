// The reader-question sets (data/eval/README.md): each line judged by its success rule, reported per intent.
import { readFileSync } from 'node:fs';
import type { Answer, Archive } from '../../src/search/archive.js';
import { squash } from '../../src/text/normalize.js';

export type ReaderIntent = 'factoid' | 'overview' | 'list' | 'date' | 'unanswerable' | 'chatter';

export interface ReaderLine {
  id: string;
  question: string;
  intent: ReaderIntent;
  answerType?: string;
  answers?: string[];
  articles?: { file: string; evidence: string }[];
}

export interface Judged {
  line: ReaderLine;
  answer: Answer;
  ok: boolean;
  /** The bot took a real question for chatter. */
  silenced: boolean;
  /** Right article quoted, and the answer string in a quote where there is one (regardless of `answered`). */
  right: boolean;
}

export const ANSWERABLE: ReaderIntent[] = ['factoid', 'overview', 'list', 'date'];

export function readLines(path: string): ReaderLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ReaderLine);
}

/** Evidence phrases no article of the archive holds: the ingest lost or changed that article. Said loudly. */
export const lostEvidence: string[] = [];

/** The archive's article ids holding each evidence phrase. */
function articlesFor(archive: Archive, line: ReaderLine): Set<string> {
  const ids = new Set<string>();
  for (const e of line.articles ?? []) {
    const phrase = squash(e.evidence);
    const found = archive.articles.filter((a) => squash(a.text).includes(phrase));
    if (found.length === 0) lostEvidence.push(`${line.id}: "${e.evidence}"`);
    for (const a of found) ids.add(a.id);
  }
  return ids;
}

export function judge(archive: Archive, line: ReaderLine, answer: Answer): Judged {
  const silenced = line.intent !== 'chatter' && answer.intent === 'chatter';
  if (line.intent === 'unanswerable' || line.intent === 'chatter') {
    const ok = !answer.answered && answer.quotes.length === 0;
    return { line, answer, ok, silenced, right: false };
  }
  const ids = articlesFor(archive, line);
  const fromRight = answer.quotes.some((q) => ids.has(q.articleId));
  const gold = (line.answers ?? []).map(squash);
  const holds = gold.length === 0 || answer.quotes.some((q) => gold.some((g) => squash(q.text).includes(g)));
  const right = fromRight && holds;
  return { line, answer, ok: answer.answered && right, silenced, right };
}

export async function runReader(archive: Archive, lines: ReaderLine[], now: Date): Promise<Judged[]> {
  const out: Judged[] = [];
  for (const line of lines) out.push(judge(archive, line, await archive.ask(line.question, { top: 10, now })));
  return out;
}

const share = (n: number, d: number): string => (d === 0 ? 'n/a' : (n / d).toFixed(3));

/** One table row per intent, then the overall success of answerable lines and the refusals. */
export function readerTable(name: string, judged: Judged[]): string[] {
  const rows = [`| ${name} | intent | lines | success |`, '|---|---|---|---|'];
  for (const intent of ANSWERABLE) {
    const js = judged.filter((j) => j.line.intent === intent);
    rows.push(`| | ${intent} | ${js.length} | ${share(js.filter((j) => j.ok).length, js.length)} |`);
  }
  const answerable = judged.filter((j) => ANSWERABLE.includes(j.line.intent));
  rows.push(
    `| | **all answerable** | ${answerable.length} | **${share(answerable.filter((j) => j.ok).length, answerable.length)}** |`,
  );
  for (const intent of ['unanswerable', 'chatter'] as const) {
    const js = judged.filter((j) => j.line.intent === intent);
    const answered = js.filter((j) => !j.ok).length;
    rows.push(`| | ${intent}: answered (must be 0) | ${js.length} | ${answered} |`);
  }
  const real = judged.filter((j) => j.line.intent !== 'chatter');
  rows.push(
    `| | real questions taken for chatter (must be 0) | ${real.length} | ${real.filter((j) => j.silenced).length} |`,
  );
  return rows;
}

/** Development-set failures, one per line, for working on them (never printed for the held-out set). */
export function failures(judged: Judged[]): string[] {
  return judged
    .filter((j) => !j.ok || j.silenced)
    .map((j) => {
      const a = j.answer;
      const q = a.quotes.map((x) => `[${x.date ?? '?'}] ${x.text.slice(0, 70)}`).join(' | ');
      return `${j.line.id} ${j.line.intent}/${a.intent}${a.answerType ? `:${a.answerType}` : ''} answered=${a.answered} conf=${a.confidence} gold=${JSON.stringify(j.line.answers ?? [])} ${j.line.question}\n    ${q || '(no quote)'}`;
    });
}
