import { SlashCommandBuilder } from 'discord.js';
import { aboutEmbed, citationLinks, NO_MENTIONS } from '../../render/discord.js';
import { currentSourceStatuses } from '../../sources/status.js';
import type { SlashCommand } from './command.js';

export const about: SlashCommand = {
  data: new SlashCommandBuilder().setName('about').setDescription('What the archive covers and how it searches'),
  async execute(interaction, ctx) {
    const sources = currentSourceStatuses(ctx.config, ctx.log);
    await interaction.reply({
      embeds: [aboutEmbed(ctx.live.current.stats(), citationLinks(ctx.config), sources)],
      allowedMentions: NO_MENTIONS,
    });
  },
};
