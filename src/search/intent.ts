import { normalizeForSearch } from '../text/normalize.js';

// What a message asks for, decided by the search core so that every adapter (bot, pages, terminal) agrees.
// `chatter` is a message that is not a question at all (thanks, greetings, acknowledgements, emoji): it gets no
// quote, ever.

export type Intent = 'factoid' | 'overview' | 'list' | 'chatter';

/** Acknowledgements, thanks, greetings and laughter, in Simplified, Traditional (after conversion) and English. */
const CHAT_PHRASE =
  /^(?:谢谢(?:你|您|啦|了)?|多谢|感谢|谢了|thx|thanks?(?:you)?|thankyou|ty|好的?|好吧|好滴|行|可以|嗯+|哦+|噢|喔|ok(?:ay)?|收到|明白了?|了解|知道了|懂了|哈+|呵+|嘿+|lol|你好|您好|大家好|早上?好|早安|午安|晚上好|晚安|再见|拜拜|bye|hi|hello|hey|辛苦了?|厉害|赞|棒|牛)+$/u;
/** Particles and marks that may trail a chat line ("谢谢啦！", "好的呀"). */
const TRAILING = /[啊呀啦哈吖哦了的呢嘛~～!！。.,，\s]+$/u;

/** True for a message that is not a question: no letters or digits at all (emoji, marks), or only chat phrases. */
export function isChatter(text: string): boolean {
  const t = normalizeForSearch(text).trim();
  if (!/[\p{L}\p{N}]/u.test(t)) return true;
  const core = t.replace(TRAILING, '').replace(/\s+/gu, ' ');
  return core === '' || CHAT_PHRASE.test(core.replace(/[\s,，、!！~～.。]+/gu, ''));
}
