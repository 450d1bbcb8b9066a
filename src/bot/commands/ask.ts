import { type ChatInputCommandInteraction, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Lang } from '../../render/language.js';
import { COMMAND_TEXT, messages } from '../../render/messages.js';
import type { AskOptions } from '../../search/archive.js';
import { parseUserDate } from '../../search/question.js';
import { reversedRange } from '../../search/validate.js';
import type { BotContext } from '../context.js';
import { answered, answerFor, langFor, plain, readMessage } from '../reply.js';
import { localized, type SlashCommand } from './command.js';

function dateOption(
  value: string | null,
  name: string,
  lang: Lang,
): { ok: true; date?: string } | { ok: false; message: string } {
  if (value === null) return { ok: true };
  const d = parseUserDate(value);
  if (!d || d.date.year === undefined) return { ok: false, message: messages(lang).notAFullDate(name) };
  return { ok: true, date: d.text };
}

/** The date filters, or what is wrong with them. */
function filters(interaction: ChatInputCommandInteraction, lang: Lang): { opts: AskOptions } | { message: string } {
  const from = dateOption(interaction.options.getString('from'), 'from', lang);
  const to = dateOption(interaction.options.getString('to'), 'to', lang);
  if (!from.ok) return { message: from.message };
  if (!to.ok) return { message: to.message };
  const reversed = reversedRange(from.date, to.date);
  if (reversed) return { message: messages(lang).reversedOptions(reversed.from, reversed.to) };
  return { opts: { ...(from.date ? { from: from.date } : {}), ...(to.date ? { to: to.date } : {}) } };
}

const privately = (interaction: ChatInputCommandInteraction, text: string) =>
  interaction.reply({ ...plain(text), flags: MessageFlags.Ephemeral });

async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const received = Date.now();
  const raw = interaction.options.getString('question', true);
  // The question's own language, else the reader's Discord locale, else the operator's default.
  const lang = langFor(ctx, raw, interaction.locale);
  const m = messages(lang);
  const f = filters(interaction, lang);
  if ('message' in f) return void (await privately(interaction, f.message));
  const reading = readMessage(ctx, raw, interaction.locale);
  if (reading.kind === 'too-long') return void (await privately(interaction, reading.message));
  if (reading.kind !== 'question') return void (await privately(interaction, m.help));
  const admission = ctx.flood.request(interaction.user.id, interaction.channelId);
  if (!admission.ok) {
    ctx.metrics.rateLimited.inc({ scope: admission.scope });
    const text = admission.scope === 'user' ? m.tooFast(admission.retryMs) : m.channelBusy(admission.retryMs);
    return void (await privately(interaction, text));
  }
  ctx.metrics.questions.inc({ via: 'ask' });
  // Acknowledge within Discord's 3 seconds; the turn and the search may take longer.
  await interaction.deferReply();
  await admission.turn;
  const threadId = interaction.channel?.isThread() ? interaction.channelId : undefined;
  const context = threadId ? ctx.conversations.thread(threadId) : undefined;
  const { answer, payload } = await answerFor(
    ctx,
    reading.question,
    interaction.user.id,
    { ...f.opts, ...(context ? { context } : {}) },
    lang,
  );
  const sent = await interaction.editReply(answer.intent === 'chatter' ? plain(m.help) : payload);
  answered(ctx, answer, received, [sent.id], threadId);
}

export function ask(maxQuestionChars: number): SlashCommand {
  return {
    data: localized(new SlashCommandBuilder(), COMMAND_TEXT.ask)
      .addStringOption((o) => localized(o, COMMAND_TEXT.askQuestion).setRequired(true).setMaxLength(maxQuestionChars))
      .addStringOption((o) => localized(o, COMMAND_TEXT.askFrom))
      .addStringOption((o) => localized(o, COMMAND_TEXT.askTo)),
    execute,
  };
}
