import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { articleChoice, CHOICE_MAX, echo, NO_MENTIONS, sourceEmbed } from '../../render/discord.js';
import { COMMAND_TEXT, messages } from '../../render/messages.js';
import { langFor, plain } from '../reply.js';
import { localized, type SlashCommand } from './command.js';

export const source: SlashCommand = {
  data: localized(new SlashCommandBuilder(), COMMAND_TEXT.source).addStringOption((o) =>
    localized(o, COMMAND_TEXT.sourceArticle).setRequired(true).setAutocomplete(true),
  ),

  async execute(interaction, ctx) {
    const archive = ctx.live.current;
    const wanted = interaction.options.getString('article', true);
    // Title words tell the language; an article id (picked from autocomplete) does not, so the locale decides.
    const [article] = archive.findArticles(wanted, 1);
    const lang = langFor(ctx, article && article.id === wanted ? '' : wanted, interaction.locale);
    if (!article) {
      return void (await interaction.reply({
        ...plain(messages(lang).noArticleMatches(echo(wanted, 80))),
        flags: MessageFlags.Ephemeral,
      }));
    }
    await interaction.reply({
      embeds: [sourceEmbed(article, archive.linkFor(article, 0), lang)],
      allowedMentions: NO_MENTIONS,
    });
  },

  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused();
    const lang = langFor(ctx, typed, interaction.locale);
    const found = ctx.live.current.findArticles(typed, 25);
    await interaction.respond(found.filter((a) => a.id.length <= CHOICE_MAX).map((a) => articleChoice(a, lang)));
  },
};
