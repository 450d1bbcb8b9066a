import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { parseUserDate } from '../../search/question.js';
import { admit, answerQuestion, plain } from '../reply.js';
import type { SlashCommand } from './command.js';

function dateOption(value: string | null, name: string): { ok: true; date?: string } | { ok: false; message: string } {
  if (value === null) return { ok: true };
  const d = parseUserDate(value);
  if (!d || d.date.year === undefined)
    return { ok: false, message: `\`${name}\` must be a full date such as 2020-06-19, 2020/6/19 or today.` };
  return { ok: true, date: d.text };
}

export const ask: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about the local news; the answer quotes the paper')
    .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(1000))
    .addStringOption((o) => o.setName('from').setDescription('Only articles from this date (2020-06-19)'))
    .addStringOption((o) => o.setName('to').setDescription('Only articles up to this date (2020-06-30)')),

  async execute(interaction, ctx) {
    const from = dateOption(interaction.options.getString('from'), 'from');
    const to = dateOption(interaction.options.getString('to'), 'to');
    for (const d of [from, to])
      if (!d.ok) return void (await interaction.reply({ ...plain(d.message), flags: MessageFlags.Ephemeral }));
    const admitted = admit(
      ctx,
      interaction.options.getString('question', true),
      interaction.user.id,
      interaction.channelId,
    );
    if (!admitted.ok)
      return void (await interaction.reply({ ...plain(admitted.message), flags: MessageFlags.Ephemeral }));
    // Acknowledge within Discord's 3 seconds; the search may take longer under load.
    await interaction.deferReply();
    const opts = { ...(from.ok && from.date ? { from: from.date } : {}), ...(to.ok && to.date ? { to: to.date } : {}) };
    await interaction.editReply(await answerQuestion(ctx, admitted.question, interaction.user.id, opts));
  },
};
