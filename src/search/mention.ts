import { MEASURES } from './question-words.js';

// Naming a thing is not saying what it is. A what-question about X ("华龙区那件举报的是什么问题", "龙德洋是生产什么产
// 品的企业") is not answered by a text that has X only as one item of a list ("龙德洋、恩赢、立新等") or of a tally
// ("范县1件，清丰县1件，华龙区1件", "交办问题264个"): every word of the question may be there, but nothing about X.

/** A count right after the word, one character of the word's own name allowed between ("倡议书2.3万份"). */
const TALLY = new RegExp(
  `^\\p{sc=Han}?(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千]+)\\s*(?:余|多)?(?:万|亿)?(?:${MEASURES})`,
  'u',
);
/** What a count must not be: an ordinal ("市政府第99次"), a year, a month or a day ("开发区2020年", "6月19日"). */
const NOT_TALLY = /^(?:第|\p{sc=Han}?(?:\d{4}\s*年|\d{1,2}\s*[月日号]))/u;
/** The list marks around an item: "、" before or after it, or "等" closing the list. */
const LISTED_BEFORE = /[、]$/u;
const LISTED_AFTER = /^\p{sc=Han}{0,1}(?:、|等(?![待到候]))/u;

/** Is this one occurrence of a word (at `at`) only an item of a list or a tally? */
function listedAt(text: string, at: number, word: string): boolean {
  const after = text.slice(at + word.length, at + word.length + 12);
  if (TALLY.test(after) && !NOT_TALLY.test(after)) return true;
  return LISTED_BEFORE.test(text.slice(Math.max(0, at - 1), at)) || LISTED_AFTER.test(after);
}

/**
 * True when `word` occurs in `text` and every occurrence is an item of a list or a tally: the text names it and says
 * nothing of it. False when it does not occur (other evidence decides) or when one occurrence says something.
 */
export function onlyListed(text: string, word: string): boolean {
  if (word === '') return false;
  let seen = false;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    if (!listedAt(text, at, word)) return false;
    seen = true;
  }
  return seen;
}

/** The words a what-question is about, whose mere naming is no answer: a noun right after 什么/啥 ("什么问题" → 问题). */
export function whatHead(question: string): string | null {
  return /(?:什么|啥)(?:样的)?(\p{sc=Han}{2})/u.exec(question)?.[1] ?? null;
}
