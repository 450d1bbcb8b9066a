import { type ButtonInteraction, type Client, Events, type Interaction, MessageFlags } from 'discord.js';
import type { BotContext } from '../context.js';
import { track } from '../context.js';
import { logDiscordError, reportHandlerError } from '../errors.js';
import { pageCount, parseCustomId } from '../pages.js';
import { pagePayload, plain } from '../reply.js';

export function register(client: Client, ctx: BotContext): void {
  client.on(Events.InteractionCreate, (interaction) => {
    void track(ctx, handle(ctx, interaction));
  });
}

async function handle(ctx: BotContext, interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const command = ctx.commands.get(interaction.commandName);
    try {
      await command?.autocomplete?.(interaction, ctx);
    } catch (e) {
      logDiscordError(ctx, 'autocomplete', e, { command: interaction.commandName });
    }
    return;
  }
  if (!interaction.isRepliable()) return;
  try {
    if (ctx.stopping) {
      await interaction.reply({
        ...plain('The bot is restarting; please try again in a minute.'),
        flags: MessageFlags.Ephemeral,
      });
    } else if (interaction.isChatInputCommand()) {
      const command = ctx.commands.get(interaction.commandName);
      if (!command)
        return void (await interaction.reply({
          ...plain('I do not know that command; try /ask.'),
          flags: MessageFlags.Ephemeral,
        }));
      await command.execute(interaction, ctx);
    } else if (interaction.isButton()) {
      await page(ctx, interaction);
    }
  } catch (e) {
    await reportHandlerError(ctx, interaction, e);
  }
}

/** A paging button: the asker's answer turns its page; anyone else gets a copy of their own, seen only by them. */
async function page(ctx: BotContext, interaction: ButtonInteraction): Promise<void> {
  const parsed = parseCustomId(interaction.customId);
  const entry = parsed && ctx.pages.get(parsed.key);
  if (!parsed || !entry) {
    await interaction.reply({
      ...plain('These results have expired. Please ask again.'),
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  const n = Math.min(parsed.page, pageCount(entry.answer) - 1);
  if (entry.userId !== interaction.user.id) {
    const own = ctx.pages.put(entry.answer, interaction.user.id);
    await interaction.reply({ ...pagePayload(entry.answer, own, n), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.update(pagePayload(entry.answer, parsed.key, n));
}
