import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { articleChoice, CHOICE_MAX, echo, NO_MENTIONS, sourceEmbed } from '../../render/discord.js';
import { plain } from '../reply.js';
import type { SlashCommand } from './command.js';

export const source: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('source')
    .setDescription('Open an article: title, date, paper, first paragraph and link')
    .addStringOption((o) =>
      o.setName('article').setDescription('Article id or words of its title').setRequired(true).setAutocomplete(true),
    ),

  async execute(interaction, ctx) {
    const archive = ctx.live.current;
    const wanted = interaction.options.getString('article', true);
    const [article] = archive.findArticles(wanted, 1);
    if (!article) {
      return void (await interaction.reply({
        ...plain(`No article matches "${echo(wanted, 80)}". Start typing a title to pick one.`),
        flags: MessageFlags.Ephemeral,
      }));
    }
    await interaction.reply({
      embeds: [sourceEmbed(article, archive.linkFor(article, 0))],
      allowedMentions: NO_MENTIONS,
    });
  },

  async autocomplete(interaction, ctx) {
    const found = ctx.live.current.findArticles(interaction.options.getFocused(), 25);
    await interaction.respond(found.filter((a) => a.id.length <= CHOICE_MAX).map(articleChoice));
  },
};
