import { SlashCommandBuilder } from 'discord.js';
import { aboutEmbed, citationLinks, NO_MENTIONS } from '../../render/discord.js';
import { COMMAND_TEXT } from '../../render/messages.js';
import { currentSourceStatuses } from '../../sources/status.js';
import { langFor } from '../reply.js';
import { localized, type SlashCommand } from './command.js';

export const about: SlashCommand = {
  data: localized(new SlashCommandBuilder(), COMMAND_TEXT.about),
  async execute(interaction, ctx) {
    const sources = currentSourceStatuses(ctx.config, ctx.log);
    const lang = langFor(ctx, null, interaction.locale);
    await interaction.reply({
      embeds: [aboutEmbed(ctx.live.current.stats(), citationLinks(ctx.config), sources, lang)],
      allowedMentions: NO_MENTIONS,
    });
  },
};
