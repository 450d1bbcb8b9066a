import type { Answer } from '../../src/search/archive.js';

/** An answer for renderer tests: answered, factoid, nothing quoted, unless `over` says otherwise. */
export const answerOf = (over: Partial<Answer> = {}): Answer => ({
  question: 'q',
  intent: 'factoid',
  asks: null,
  answerType: null,
  period: null,
  answered: true,
  confidence: 1,
  mode: 'lexical',
  quotes: [],
  hits: [],
  closest: [],
  timingsMs: { embed: 0, dense: 0, lexical: 0, answer: 0, total: 0 },
  notes: [],
  ...over,
});
