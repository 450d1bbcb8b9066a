import { ActionRowBuilder, type BaseMessageOptions, ButtonBuilder, ButtonStyle } from 'discord.js';
import { answerEmbed, hitsEmbed, NO_MENTIONS } from '../render/discord.js';
import { answerLanguage, type Lang, replyLanguage } from '../render/language.js';
import { messages, refusal } from '../render/messages.js';
import type { Answer, AskOptions } from '../search/archive.js';
import { contextOf } from '../search/follow-up.js';
import { isChatter } from '../search/intent.js';
import { checkQuestion } from '../search/validate.js';
import type { BotContext } from './context.js';
import type { Outcome } from './metrics.js';
import { customId, HITS_PER_PAGE, pageCount } from './pages.js';

// What mentions, question channels, replies and /ask share: reading a message, answering it, remembering the answer.

/** Reactions the bot answers with instead of a message. */
export const REACTION = {
  /** Chat addressed to the bot ("谢谢！"): acknowledged, never quoted at. */
  chat: '👍',
  /** Not now: too fast, or the channel's line is full. Nobody is blamed in public. */
  wait: '⏳',
} as const;

export type Reading =
  | { kind: 'question'; question: string }
  | { kind: 'empty' }
  | { kind: 'chatter' }
  | { kind: 'too-long'; message: string };

/**
 * The language to reply in: the text's own (a question, a date, a title typed), else the reader's Discord locale
 * (interactions carry one, messages do not), else the operator's DEFAULT_REPLY_LANGUAGE.
 */
export function langFor(ctx: Pick<BotContext, 'config'>, text?: string | null, locale?: string | null): Lang {
  return replyLanguage({ text, locale, fallback: ctx.config.DEFAULT_REPLY_LANGUAGE });
}

/** A question, chat (thanks, greetings, emoji: the core's call), nothing to search for, or too long. */
export function readMessage(ctx: BotContext, raw: string, locale?: string): Reading {
  const c = checkQuestion(raw, ctx.config.MAX_QUESTION_CHARS);
  if (!c.ok)
    return c.reason === 'empty'
      ? { kind: 'empty' }
      : { kind: 'too-long', message: refusal(c, langFor(ctx, raw, locale)) };
  return isChatter(c.question) ? { kind: 'chatter' } : { kind: 'question', question: c.question };
}

/**
 * A page of an answer, in the answer's language: the question's own, else `lang` (the reader's, when the question
 * shows none), so that paging never switches languages under the reader.
 */
export function pagePayload(answer: Answer, key: string, page: number, lang?: Lang): BaseMessageOptions {
  const pages = pageCount(answer);
  const l = answerLanguage(answer, lang);
  const m = messages(l);
  const embed =
    page === 0
      ? answerEmbed(answer, l)
      : hitsEmbed(
          answer.question,
          answer.hits.slice((page - 1) * HITS_PER_PAGE, page * HITS_PER_PAGE),
          page,
          pages,
          answer.mode,
          l,
        );
  const components =
    pages > 1
      ? [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId(customId(key, Math.max(0, page - 1)))
              .setLabel(m.previousButton)
              .setStyle(ButtonStyle.Secondary)
              .setDisabled(page === 0),
            new ButtonBuilder()
              .setCustomId(customId(key, Math.min(pages - 1, page + 1)))
              .setLabel(m.moreButton)
              .setStyle(ButtonStyle.Primary)
              .setDisabled(page >= pages - 1),
          ),
        ]
      : [];
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

/** Ask the archive; the answer's pages are kept for the asker's buttons. */
export async function answerFor(
  ctx: BotContext,
  question: string,
  userId: string,
  opts: AskOptions = {},
  lang: Lang = langFor(ctx, question),
): Promise<{ answer: Answer; payload: BaseMessageOptions }> {
  const answer = await ctx.live.current.ask(question, { top: 15, ...opts });
  const key = ctx.pages.put(answer, userId);
  return { answer, payload: pagePayload(answer, key, 0, lang) };
}

export function outcomeOf(answer: Answer): Outcome {
  if (answer.intent === 'chatter') return 'chatter';
  return answer.answered && answer.quotes.length > 0 ? 'answered' : 'unanswered';
}

/** Count a reply made, and remember its conversation for follow-ups (by reply, and in a thread). */
export function answered(
  ctx: BotContext,
  answer: Answer,
  received: number,
  messageIds: string[],
  threadId: string | undefined,
): void {
  ctx.metrics.outcomes.inc({ outcome: outcomeOf(answer) });
  ctx.metrics.latency.observe((Date.now() - received) / 1000);
  const conversation = contextOf(answer);
  for (const id of messageIds) ctx.conversations.rememberAnswer(id, conversation);
  if (threadId) ctx.conversations.rememberThread(threadId, conversation);
}

export function plain(message: string): BaseMessageOptions {
  return { content: message, allowedMentions: NO_MENTIONS };
}
