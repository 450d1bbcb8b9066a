import { type ButtonInteraction, type Client, Events, type Interaction, MessageFlags } from 'discord.js';
import { commandsByName } from '../commands/index.js';
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
    const command = commandsByName.get(interaction.commandName);
    try {
      await command?.autocomplete?.(interaction, ctx);
    } catch (e) {
      logDiscordError(ctx.log, 'autocomplete', e, { command: interaction.commandName });
    }
    return;
  }
  if (!interaction.isRepliable()) return;
  try {
    if (interaction.isChatInputCommand()) {
      const command = commandsByName.get(interaction.commandName);
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
    await reportHandlerError(ctx.log, interaction, e);
  }
}

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
  await interaction.update(pagePayload(entry.answer, parsed.key, n));
}
