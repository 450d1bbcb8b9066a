import { type Client, Events, type Message } from 'discord.js';
import type { BotContext } from '../context.js';
import { track } from '../context.js';
import { logDiscordError } from '../errors.js';
import { admit, answerQuestion, plain } from '../reply.js';

/** A message is a question when it mentions the bot, or is posted in a configured question channel. */
export function register(client: Client, ctx: BotContext): void {
  client.on(Events.MessageCreate, (message) => {
    void track(ctx, handle(client, ctx, message));
  });
}

async function handle(client: Client, ctx: BotContext, message: Message): Promise<void> {
  if (message.author.bot || !client.user) return;
  const mentioned = message.mentions.users.has(client.user.id);
  const inQuestionChannel = ctx.config.DISCORD_QUESTION_CHANNELS.includes(message.channelId);
  if (!mentioned && !inQuestionChannel) return;
  const text = message.content.replace(new RegExp(`<@!?${client.user.id}>`, 'gu'), ' ');
  const context = { channel: message.channelId, message: message.id, user: message.author.id };
  try {
    const admitted = admit(ctx, text, message.author.id, message.channelId);
    if (!admitted.ok) {
      // In a question channel, chatter that is not a question is left alone; a mention always gets help.
      if (admitted.reason === 'empty' && !mentioned) return;
      await message.reply(plain(admitted.message));
      return;
    }
    await message.reply(await answerQuestion(ctx, admitted.question, message.author.id));
  } catch (e) {
    logDiscordError(ctx.log, 'reply to a question', e, context);
  }
}
