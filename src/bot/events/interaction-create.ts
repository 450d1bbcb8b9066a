import { type ButtonInteraction, type Client, Events, type Interaction, MessageFlags } from 'discord.js';
import { messages } from '../../render/messages.js';
import type { BotContext } from '../context.js';
import { track } from '../context.js';
import { logDiscordError, reportHandlerError } from '../errors.js';
import { pageCount, parseCustomId } from '../pages.js';
import { langFor, pagePayload, plain } from '../reply.js';

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
  // No words of the reader's here: their Discord locale, else the operator's default.
  const m = messages(langFor(ctx, null, interaction.locale));
  try {
    if (ctx.stopping) {
      await interaction.reply({ ...plain(m.restarting), flags: MessageFlags.Ephemeral });
    } else if (interaction.isChatInputCommand()) {
      const command = ctx.commands.get(interaction.commandName);
      if (!command)
        return void (await interaction.reply({
          ...plain(m.unknownCommand),
          flags: MessageFlags.Ephemeral,
        }));
      await command.execute(interaction, ctx);
    } else if (interaction.isButton()) {
      await page(ctx, interaction);
    }
  } catch (e) {
    await reportHandlerError(ctx, interaction, e, m);
  }
}

/** A paging button: the asker's answer turns its page; anyone else gets a copy of their own, seen only by them. */
async function page(ctx: BotContext, interaction: ButtonInteraction): Promise<void> {
  const parsed = parseCustomId(interaction.customId);
  const entry = parsed && ctx.pages.get(parsed.key);
  // The page keeps its answer's language (its question's); what the button itself says is in the presser's.
  const lang = langFor(ctx, null, interaction.locale);
  if (!parsed || !entry) {
    await interaction.reply({ ...plain(messages(lang).expired), flags: MessageFlags.Ephemeral });
    return;
  }
  const n = Math.min(parsed.page, pageCount(entry.answer) - 1);
  if (entry.userId !== interaction.user.id) {
    const own = ctx.pages.put(entry.answer, interaction.user.id);
    await interaction.reply({ ...pagePayload(entry.answer, own, n, lang), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.update(pagePayload(entry.answer, parsed.key, n, lang));
}
