import type { AnswerType } from './question-words.js';
import type { PickedQuote } from './quotes.js';

// When the archive holds an answer. Each intent has its own evidence, each compared with a threshold calibrated on
// data (docs/quality.md: the reader-question set, CMRC 2018 dev, and questions the archive cannot answer).

export interface AnswerSettings {
  /** A factoid's best quote must reach this confidence. */
  factoid: number;
  /** An overview's top article must hold this share of the question's term weight. */
  overview: number;
  /** An article joins a list when it holds this share of the topic's term weight. */
  list: number;
  /**
   * With a model: a question that shares too few words with the text is still answered when its best passage is at
   * least this similar (cosine) to it. Null: dense similarity is not used as evidence (no calibrated value for the
   * model). Set per model profile (`answerSimilarity`) or by ANSWER_DENSE_SIMILARITY.
   */
  denseSimilarity: number | null;
}

/** Calibrated on the development sets in lexical mode (docs/quality.md, "The answer gate"). */
export const DEFAULT_ANSWER_SETTINGS: AnswerSettings = {
  factoid: 0.4,
  overview: 0.5,
  list: 0.6,
  denseSimilarity: null,
};

/** Further quotes of a factoid must reach this share of the threshold. */
export const SECOND_QUOTE_SHARE = 0.8;

/** What a quote keeps when a name or district of the question is nowhere in its article. */
const ABSENT_NAME = 0.3;
/** What a quote keeps when it does not say what the question claims or constrains (the quote holds no answer). */
const UNSAID = 0.3;
/** What a count keeps when its quote is about another body than the question's. */
const OTHER_BODY_FIGURE = 0.35;

const strict = (typed: number): number => (typed >= 0.9 ? 1 : typed >= 0.5 ? 0.7 : 0.4);
/**
 * A date or time is found by its pattern (ingest/dates.ts) whenever it is there, so a when-question's quote without
 * one (or with only the report's own dateline, for a time still to come) has no answer in it, however well it
 * matches: it stays under the gate. Names, places and counts are found less surely (jieba's tags, measure words).
 */
const timeStrict = (typed: number): number => (typed >= 0.5 ? strict(typed) : 0.3);
/**
 * How much a quote's confidence keeps when it lacks the type asked for. A date, a count, a name or a place is
 * there or not; a cause is often given without "因为", in a clause of its own, so a causal word's absence costs less.
 */
const TYPE_FACTOR: Record<AnswerType, (typed: number) => number> = {
  time: timeStrict,
  // A figure is found by its pattern too: a how-many quote with no number at all does not give the figure, however
  // well it matches. One with a number in another measure may still ("约三万个物种" for 多少种).
  number: (typed) => (typed > 0 ? strict(typed) : 0.3),
  person: strict,
  place: strict,
  organization: strict,
  // A causal word: 1; a clause that says more than the question (a cause given without one): 0.85; only the question
  // restated ("惠成电子…被认定为国家级绿色工厂" for why it was): no cause at all.
  reason: (typed) => (typed >= 0.9 ? 1 : typed >= 0.5 ? 0.85 : 0.3),
  other: () => 1,
};

/**
 * Kinds a name is always written with ("王助东村", "新习镇", "…大学", "…医院"): a quote naming none of the kind asked
 * ("哪个大学的学生" ← "大学生谢佳盼") has no answer in it, as a how-many quote without a number has none.
 */
const WRITTEN_KIND = /^(?:村|镇|乡|县|街道|社区|大学|医院)$/u;

/**
 * A factoid quote's confidence: its term coverage, lowered when it lacks the type of text the question asks for
 * (a when-question's quote with no date) and when it is about another body than the question names.
 */
export function factoidConfidence(
  p: PickedQuote | undefined,
  answerType: AnswerType | null,
  head: string | null = null,
): number {
  if (!p) return 0;
  const kindMissing = p.typed === 0 && head !== null && WRITTEN_KIND.test(head);
  const typeFactor = kindMissing ? UNSAID : TYPE_FACTOR[answerType ?? 'other'](p.typed);
  // A figure belongs to its body: another district's count does not answer for the question's.
  const otherBody = answerType === 'number' ? OTHER_BODY_FIGURE : 0.85;
  // A name or district of the question nowhere in the article: the quote is about another firm, person or place.
  const bodyFactor = (p.about === 'other' ? otherBody : 1) * (p.absent ? ABSENT_NAME : p.named ? 1 : 0.6);
  // Without the thing asked for ("员工" of "多少名员工").
  const focusFactor = p.focused ? 1 : 0.4;
  // Without what the question says besides its words: a yes/no question's claim ("来" of "…来濮阳了吗"), the role a
  // who-question asks (主持), the event a when-question dates (完工), or a constraint of its own (constraints.ts).
  const claimFactor = p.asserted ? 1 : UNSAID;
  const numberFactor = p.numbered ? 1 : 0.3;
  // Named only in a list or a tally: the quote does not say what the question asks of it.
  const listedFactor = p.listed ? 0.4 : 1;
  return Math.min(1, p.coverage * typeFactor * bodyFactor * focusFactor * claimFactor * numberFactor * listedFactor);
}
