import { type ChatInputCommandInteraction, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { AskOptions } from '../../search/archive.js';
import { parseUserDate } from '../../search/question.js';
import { checkDateRange, HELP } from '../../search/validate.js';
import type { BotContext } from '../context.js';
import { answered, answerFor, channelBusy, plain, readMessage, tooFast } from '../reply.js';
import type { SlashCommand } from './command.js';

function dateOption(value: string | null, name: string): { ok: true; date?: string } | { ok: false; message: string } {
  if (value === null) return { ok: true };
  const d = parseUserDate(value);
  if (!d || d.date.year === undefined)
    return { ok: false, message: `\`${name}\` must be a full date such as 2020-06-19, 2020/6/19 or today.` };
  return { ok: true, date: d.text };
}

/** The date filters, or what is wrong with them. */
function filters(interaction: ChatInputCommandInteraction): { opts: AskOptions } | { message: string } {
  const from = dateOption(interaction.options.getString('from'), 'from');
  const to = dateOption(interaction.options.getString('to'), 'to');
  if (!from.ok) return { message: from.message };
  if (!to.ok) return { message: to.message };
  const badRange = checkDateRange(from.date, to.date);
  if (badRange) return { message: `\`from\` and \`to\`: ${badRange}` };
  return { opts: { ...(from.date ? { from: from.date } : {}), ...(to.date ? { to: to.date } : {}) } };
}

const privately = (interaction: ChatInputCommandInteraction, text: string) =>
  interaction.reply({ ...plain(text), flags: MessageFlags.Ephemeral });

async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const received = Date.now();
  const f = filters(interaction);
  if ('message' in f) return void (await privately(interaction, f.message));
  const reading = readMessage(ctx, interaction.options.getString('question', true));
  if (reading.kind === 'too-long') return void (await privately(interaction, reading.message));
  if (reading.kind !== 'question') return void (await privately(interaction, HELP));
  const admission = ctx.flood.request(interaction.user.id, interaction.channelId);
  if (!admission.ok) {
    ctx.metrics.rateLimited.inc({ scope: admission.scope });
    const text = admission.scope === 'user' ? tooFast(admission.retryMs) : channelBusy(admission.retryMs);
    return void (await privately(interaction, text));
  }
  ctx.metrics.questions.inc({ via: 'ask' });
  // Acknowledge within Discord's 3 seconds; the turn and the search may take longer.
  await interaction.deferReply();
  await admission.turn;
  const threadId = interaction.channel?.isThread() ? interaction.channelId : undefined;
  const context = threadId ? ctx.conversations.thread(threadId) : undefined;
  const { answer, payload } = await answerFor(ctx, reading.question, interaction.user.id, {
    ...f.opts,
    ...(context ? { context } : {}),
  });
  const sent = await interaction.editReply(answer.intent === 'chatter' ? plain(HELP) : payload);
  answered(ctx, answer, received, [sent.id], threadId);
}

export function ask(maxQuestionChars: number): SlashCommand {
  return {
    data: new SlashCommandBuilder()
      .setName('ask')
      .setDescription('Ask about the local news; the answer quotes the paper')
      .addStringOption((o) =>
        o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(maxQuestionChars),
      )
      .addStringOption((o) => o.setName('from').setDescription('Only articles from this date (2020-06-19)'))
      .addStringOption((o) => o.setName('to').setDescription('Only articles up to this date (2020-06-30)')),
    execute,
  };
}
