import { normalizeForSearch } from '../text/normalize.js';
import type { Answer, AskContext } from './archive.js';
import { withoutChat } from './intent.js';
import { elliptical } from './question.js';
import { plainWords } from './question-words.js';

// A conversation's memory, for the adapters that keep one (the bot's replies and threads, the terminal chat): only
// what the core needs to read a follow-up (the question and a handful of article ids).

/** Articles an answer was about: those it quoted, or else the closest ones it listed. */
const ARTICLES_KEPT = 5;

export function contextOf(answer: Answer): AskContext {
  const ids = (answer.quotes.length > 0 ? answer.quotes : answer.hits).map((c) => c.articleId);
  return { question: answer.question, articleIds: [...new Set(ids)].slice(0, ARTICLES_KEPT) };
}

/** Longest line read as "the same again, of this" when it ends in 呢 ("7月1日呢？", "示范区的呢"). */
const SHORT_FOLLOW_UP_CHARS = 16;

/**
 * A line that only makes sense after another question: "那恒丰电子呢？", "还有示范区呢", "7月1日呢？", "and Xuehui?".
 * Where no reply or thread says which answer a line follows (the terminal chat), only such a line is read with the
 * conversation's last question; any other question starts afresh.
 */
export function followsOn(text: string): boolean {
  const t = plainWords(withoutChat(normalizeForSearch(text)).trim());
  return elliptical(t) !== null || (/呢[\s?!.。~]*$/u.test(t) && [...t].length <= SHORT_FOLLOW_UP_CHARS);
}
