import { type Client, Events, type Message } from 'discord.js';
import { messages } from '../../render/messages.js';
import type { AskContext } from '../../search/archive.js';
import type { BotContext } from '../context.js';
import { track } from '../context.js';
import { logDiscordError } from '../errors.js';
import type { Admission } from '../flood.js';
import type { Via } from '../metrics.js';
import { answered, answerFor, langFor, plain, REACTION, readMessage } from '../reply.js';

// A message is for the bot when it mentions the bot, replies to one of its messages, or is posted in a configured
// question channel (or a thread of one). A reply to one of its answers is a follow-up, read with that answer's
// question and articles; a question in a thread is read with the thread's first question.

interface Addressing {
  via: Via;
  /** Mentioned, or replied to: the bot was spoken to (in a question channel, a line may just be chat). */
  spokenTo: boolean;
  isReply: boolean;
  context: AskContext | undefined;
  threadId: string | undefined;
}

export function register(client: Client, ctx: BotContext): void {
  client.on(Events.MessageCreate, (message) => {
    if (ctx.stopping) return;
    void track(ctx, handle(client, ctx, message));
  });
}

function addressing(ctx: BotContext, botId: string, message: Message): Addressing | undefined {
  const mentioned = message.mentions.users.has(botId);
  const repliedTo = message.reference?.messageId;
  const isReply = repliedTo !== undefined && message.mentions.repliedUser?.id === botId;
  // A thread opened in a question channel is one too.
  const channels = [message.channelId, message.channel.isThread() ? message.channel.parentId : null];
  const inQuestionChannel = channels.some((c) => c !== null && ctx.config.DISCORD_QUESTION_CHANNELS.includes(c));
  if (!mentioned && !isReply && !inQuestionChannel) return undefined;
  const earlier = isReply ? ctx.conversations.answer(repliedTo) : undefined;
  const threadId = message.channel.isThread() ? message.channelId : undefined;
  return {
    via: earlier ? 'reply' : mentioned || isReply ? 'mention' : 'channel',
    spokenTo: mentioned || isReply,
    isReply,
    context: earlier ?? (threadId ? ctx.conversations.thread(threadId) : undefined),
    threadId,
  };
}

async function handle(client: Client, ctx: BotContext, message: Message): Promise<void> {
  if (message.author.bot || !client.user) return;
  const received = Date.now();
  const botId = client.user.id;
  const a = addressing(ctx, botId, message);
  if (!a) return;
  const reading = readMessage(ctx, message.content.replace(new RegExp(`<@!?${botId}>`, 'gu'), ' '));
  try {
    if (reading.kind === 'question') return await ask(ctx, message, a, reading.question, received);
    if (reading.kind === 'too-long') return void (await notice(ctx, message, reading.message));
    // Chat, and a bare mention: chat spoken to the bot gets a reaction, a question channel's chat is left alone,
    // and a mention with nothing to search for gets the help text.
    // A message carries no locale: the help is in the operator's default language.
    if (reading.kind === 'empty' && a.spokenTo && !a.isReply)
      return void (await notice(ctx, message, messages(langFor(ctx)).help));
    if (a.spokenTo) await react(ctx, message, REACTION.chat);
  } catch (e) {
    logDiscordError(ctx, 'reply to a question', e, {
      channel: message.channelId,
      message: message.id,
      user: message.author.id,
    });
  }
}

async function ask(ctx: BotContext, message: Message, a: Addressing, question: string, received: number) {
  const admission = ctx.flood.request(message.author.id, message.channelId);
  if (!admission.ok) return refuse(ctx, message, admission, question);
  ctx.metrics.questions.inc({ via: a.via });
  await admission.turn;
  const { answer, payload } = await answerFor(
    ctx,
    question,
    message.author.id,
    a.context ? { context: a.context } : {},
  );
  if (answer.intent === 'chatter') {
    answered(ctx, answer, received, [], undefined);
    if (a.spokenTo) await react(ctx, message, REACTION.chat);
    return;
  }
  const sent = await ctx.sender.answer(message.channelId, message.author.id, () => message.reply(payload));
  answered(ctx, answer, received, [sent.id, message.id], a.threadId);
}

/** Over a limit: one notice per user per window if the channel can spare it, else a reaction; then silence. */
async function refuse(
  ctx: BotContext,
  message: Message,
  r: Exclude<Admission, { ok: true }>,
  question: string,
): Promise<void> {
  ctx.metrics.rateLimited.inc({ scope: r.scope });
  if (r.scope === 'user' && !r.notify) return;
  if (r.scope === 'user' && (await notice(ctx, message, messages(langFor(ctx, question)).tooFast(r.retryMs)))) return;
  await react(ctx, message, REACTION.wait);
}

/** A short reply that only takes send budget no answer needs; false when it was not sent. */
function notice(ctx: BotContext, message: Message, text: string): Promise<boolean> {
  return ctx.sender.notice(message.channelId, message.author.id, () => message.reply(plain(text)));
}

async function react(ctx: BotContext, message: Message, emoji: string): Promise<void> {
  try {
    await message.react(emoji);
  } catch (e) {
    logDiscordError(ctx, 'reaction', e, { channel: message.channelId, message: message.id });
  }
}
