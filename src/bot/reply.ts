import { ActionRowBuilder, type BaseMessageOptions, ButtonBuilder, ButtonStyle } from 'discord.js';
import { answerEmbed, hitsEmbed, NO_MENTIONS } from '../render/discord.js';
import type { Answer, AskOptions } from '../search/archive.js';
import { type Checked, checkQuestion } from '../search/validate.js';
import type { BotContext } from './context.js';
import { customId, HITS_PER_PAGE, pageCount } from './pages.js';

/** Rate limits and question checks shared by mentions, question channels and /ask. */
export function admit(
  ctx: BotContext,
  raw: string,
  userId: string,
  channelId: string,
): Checked | { ok: false; message: string; reason: 'rate-limited' } {
  const checked = checkQuestion(raw, ctx.config.MAX_QUESTION_CHARS);
  if (!checked.ok) return checked;
  const wait = ctx.userLimit.take(`u:${userId}`) || ctx.channelLimit.take(`c:${channelId}`);
  if (wait > 0) {
    return {
      ok: false,
      reason: 'rate-limited',
      message: `You are asking faster than I can keep up with; please try again in ${Math.ceil(wait / 1000)} s.`,
    };
  }
  return checked;
}

export function pagePayload(answer: Answer, key: string, page: number): BaseMessageOptions {
  const pages = pageCount(answer);
  const embed =
    page === 0
      ? answerEmbed(answer)
      : hitsEmbed(
          answer.question,
          answer.hits.slice((page - 1) * HITS_PER_PAGE, page * HITS_PER_PAGE),
          page,
          pages,
          answer.mode,
        );
  const components =
    pages > 1
      ? [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId(customId(key, Math.max(0, page - 1)))
              .setLabel('Previous')
              .setStyle(ButtonStyle.Secondary)
              .setDisabled(page === 0),
            new ButtonBuilder()
              .setCustomId(customId(key, Math.min(pages - 1, page + 1)))
              .setLabel('More results')
              .setStyle(ButtonStyle.Primary)
              .setDisabled(page >= pages - 1),
          ),
        ]
      : [];
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

export async function answerQuestion(
  ctx: BotContext,
  question: string,
  userId: string,
  opts: AskOptions = {},
): Promise<BaseMessageOptions> {
  const answer = await ctx.live.current.ask(question, { top: 15, ...opts });
  const key = ctx.pages.put(answer, userId);
  return pagePayload(answer, key, 0);
}

export function plain(message: string): BaseMessageOptions {
  return { content: message, allowedMentions: NO_MENTIONS };
}
