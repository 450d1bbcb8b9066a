import { SlashCommandBuilder } from 'discord.js';
import { aboutEmbed, citationLinks, NO_MENTIONS } from '../../render/discord.js';
import type { SlashCommand } from './command.js';

export const about: SlashCommand = {
  data: new SlashCommandBuilder().setName('about').setDescription('What the archive covers and how it searches'),
  async execute(interaction, ctx) {
    await interaction.reply({
      embeds: [aboutEmbed(ctx.live.current.stats(), citationLinks(ctx.config))],
      allowedMentions: NO_MENTIONS,
    });
  },
};
