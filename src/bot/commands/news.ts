import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { dateChoice, echo, NO_MENTIONS, newsEmbed } from '../../render/discord.js';
import { dateMatches, parseUserDate } from '../../search/question.js';
import { plain } from '../reply.js';
import type { SlashCommand } from './command.js';

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
        ...plain(`I cannot read "${echo(raw)}" as a date; try 2020-06-19, 6月19日 or today.`),
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
    const dates = matchingDates(ctx.live.current.dates(), interaction.options.getFocused());
    await interaction.respond(dates.slice(0, CHOICES).map(dateChoice));
  },
};
