// Retrieval and answer quality on question sets with gold answer strings: Recall@1/5/10 and MRR@10 at chunk level,
// answer-in-quote, answered, and the precision of the answered ones.
import type { Answer, Archive } from '../../src/search/archive.js';
import { squash } from '../../src/text/normalize.js';

export interface GoldQuestion {
  question: string;
  answers: string[];
}

export interface RetrievalScore {
  n: number;
  r1: number;
  r5: number;
  r10: number;
  mrr: number;
  inQuote: number;
  answered: number;
  /** Answered with the gold answer in a quote. */
  answeredRight: number;
  quoteChars: number;
  quotes: number;
  falseAnswers: number;
  negatives: number;
  perQuestionMs: number;
}

/** Does a quote hold one of the gold answer strings (compared without white space)? */
export const goldInQuote = (a: Answer, gold: string[]): boolean => {
  const quoted = squash(a.quotes.map((x) => x.text).join(''));
  return gold.map(squash).some((g) => g !== '' && quoted.includes(g));
};

export async function scoreRetrieval(
  archive: Archive,
  questions: GoldQuestion[],
  negatives: string[] = [],
): Promise<RetrievalScore> {
  const s: RetrievalScore = {
    n: questions.length,
    r1: 0,
    r5: 0,
    r10: 0,
    mrr: 0,
    inQuote: 0,
    answered: 0,
    answeredRight: 0,
    quoteChars: 0,
    quotes: 0,
    falseAnswers: 0,
    negatives: negatives.length,
    perQuestionMs: 0,
  };
  const t0 = performance.now();
  for (const q of questions) {
    const a = await archive.ask(q.question, { top: 10 });
    const gold = q.answers.map(squash).filter(Boolean);
    const rank = a.hits.findIndex((h) => gold.some((g) => squash(h.text).includes(g)));
    if (rank === 0) s.r1++;
    if (rank >= 0 && rank < 5) s.r5++;
    if (rank >= 0 && rank < 10) {
      s.r10++;
      s.mrr += 1 / (rank + 1);
    }
    const right = goldInQuote(a, gold);
    if (right) s.inQuote++;
    if (a.answered) s.answered++;
    if (a.answered && right) s.answeredRight++;
    for (const x of a.quotes) {
      s.quoteChars += Array.from(x.text).length;
      s.quotes++;
    }
  }
  s.perQuestionMs = (performance.now() - t0) / Math.max(1, questions.length);
  for (const q of negatives) if ((await archive.ask(q)).answered) s.falseAnswers++;
  return s;
}

export const RETRIEVAL_HEADER = [
  '| set | mode | questions | chunks | R@1 | R@5 | R@10 | MRR@10 | answer in quote | answered | precision | quote chars | answered unanswerable | build / per question |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
];

export function retrievalRow(name: string, mode: string, chunks: number, s: RetrievalScore, buildS: number): string {
  const f = (x: number): string => (x / s.n).toFixed(3);
  const precision = s.answered ? (s.answeredRight / s.answered).toFixed(3) : 'n/a';
  const neg = s.negatives ? `${s.falseAnswers}/${s.negatives}` : 'n/a';
  return `| ${name} | ${mode} | ${s.n} | ${chunks} | ${f(s.r1)} | ${f(s.r5)} | ${f(s.r10)} | ${(s.mrr / s.n).toFixed(3)} | ${f(s.inQuote)} | ${f(s.answered)} | ${precision} | ${s.quotes ? Math.round(s.quoteChars / s.quotes) : 0} | ${neg} | ${buildS.toFixed(1)} s / ${s.perQuestionMs.toFixed(1)} ms |`;
}
