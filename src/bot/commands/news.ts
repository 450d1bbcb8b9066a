import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { NO_MENTIONS, newsEmbed } from '../../render/discord.js';
import { dateLabel } from '../../render/terminal.js';
import { parseUserDate } from '../../search/question.js';
import { plain } from '../reply.js';
import type { SlashCommand } from './command.js';

export const news: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('news')
    .setDescription("List a day's articles")
    .addStringOption((o) =>
      o
        .setName('date')
        .setDescription('2020-06-19, 2020/6/19, 6月19日, today, yesterday')
        .setRequired(true)
        .setAutocomplete(true),
    ),

  async execute(interaction, ctx) {
    const raw = interaction.options.getString('date', true);
    const parsed = parseUserDate(raw);
    if (!parsed || parsed.date.day === undefined) {
      return void (await interaction.reply({
        ...plain(`I cannot read "${raw.slice(0, 50)}" as a date; try 2020-06-19, 6月19日 or today.`),
        flags: MessageFlags.Ephemeral,
      }));
    }
    const archive = ctx.live.current;
    const articles = archive.news(parsed.date);
    const near = archive
      .dates()
      .slice(0, 5)
      .map((d) => d.date);
    await interaction.reply({
      embeds: [newsEmbed(parsed.text, articles, (a) => archive.linkFor(a), near)],
      allowedMentions: NO_MENTIONS,
    });
  },

  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused().trim();
    const dates = ctx.live.current.dates().filter((d) => d.date.includes(typed.replace(/\//gu, '-')) || typed === '');
    await interaction.respond(
      dates
        .slice(0, 25)
        .map((d) => ({ name: `${dateLabel(d.date)} (${d.count} article${d.count === 1 ? '' : 's'})`, value: d.date })),
    );
  },
};
