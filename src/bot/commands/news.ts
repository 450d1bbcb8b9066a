import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { dateChoice, echo, NO_MENTIONS, newsEmbed } from '../../render/discord.js';
import { COMMAND_TEXT, messages } from '../../render/messages.js';
import { dateMatches, parseUserDate } from '../../search/question.js';
import { langFor, plain } from '../reply.js';
import { localized, type SlashCommand } from './command.js';

/** Autocomplete offers at most this many dates (Discord's limit). */
const CHOICES = 25;

/**
 * The dates with articles that match what is typed so far: every form /news accepts (2020-06-19, 2020/6/19,
 * 6月19日, today), a month (2020-06, 6月), or the start of an ISO date ("2020-0").
 */
export function matchingDates(dates: { date: string; count: number }[], typed: string): typeof dates {
  const t = typed.trim();
  if (t === '') return dates;
  const parsed = parseUserDate(t);
  if (parsed) return dates.filter((d) => dateMatches(d.date, parsed.date));
  const prefixes = isoPrefixes(t);
  return dates.filter((d) => prefixes.some((p) => d.date.startsWith(p)));
}

/** "2020/3/1" could become 2020-03-1x or 2020-03-01: the ISO prefixes a partly typed date may stand for. */
function isoPrefixes(typed: string): string[] {
  const parts = typed.replace(/[/.]/gu, '-').split('-');
  const padded = parts.map((p, i) => (i > 0 && i < parts.length - 1 && /^\d$/u.test(p) ? `0${p}` : p));
  const last = padded.at(-1)!;
  const asTyped = padded.join('-');
  return padded.length > 1 && /^[1-9]$/u.test(last)
    ? [asTyped, [...padded.slice(0, -1), `0${last}`].join('-')]
    : [asTyped];
}

export const news: SlashCommand = {
  data: localized(new SlashCommandBuilder(), COMMAND_TEXT.news).addStringOption((o) =>
    localized(o, COMMAND_TEXT.newsDate).setRequired(true).setAutocomplete(true),
  ),

  async execute(interaction, ctx) {
    const raw = interaction.options.getString('date', true);
    // "6月19日" is Chinese and "today" English; "2020-06-19" says nothing, so the reader's locale decides.
    const lang = langFor(ctx, raw, interaction.locale);
    const parsed = parseUserDate(raw);
    if (!parsed || parsed.date.day === undefined) {
      return void (await interaction.reply({
        ...plain(messages(lang).unreadableDate(echo(raw))),
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
      embeds: [newsEmbed(parsed.text, articles, (a) => archive.linkFor(a), near, lang)],
      allowedMentions: NO_MENTIONS,
    });
  },

  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused();
    const lang = langFor(ctx, typed, interaction.locale);
    const dates = matchingDates(ctx.live.current.dates(), typed);
    await interaction.respond(dates.slice(0, CHOICES).map((d) => dateChoice(d, lang)));
  },
};
