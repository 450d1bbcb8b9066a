import { randomBytes } from 'node:crypto';
import { DiscordAPIError, MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../log.js';

/** Log a failed Discord call with its context; the bot goes on. */
export function logDiscordError(log: Logger, what: string, e: unknown, context: Record<string, unknown>): void {
  if (e instanceof DiscordAPIError) {
    const hint =
      e.code === 50013
        ? ' (missing permission: give the bot Send Messages and Embed Links in this channel)'
        : e.code === 50001
          ? ' (missing access to the channel)'
          : '';
    log.warn(`${what} failed: Discord ${e.status} ${e.code}: ${e.message}${hint}`, context);
  } else {
    // 5xx and network failures arrive as HTTPError / plain errors, with a status where there was a response.
    const status = (e as { status?: unknown }).status;
    log.warn(
      `${what} failed: ${typeof status === 'number' ? `Discord ${status}: ` : ''}${(e as Error).message}`,
      context,
    );
  }
}

/** An unexpected error in a handler: the user gets a short message with an id, the log gets the stack. */
export async function reportHandlerError(log: Logger, interaction: RepliableInteraction, e: unknown): Promise<void> {
  const id = randomBytes(4).toString('hex');
  log.error(`handler error ${id}: ${(e as Error).stack ?? String(e)}`, {
    interaction: interaction.id,
    user: interaction.user.id,
  });
  const content = `Sorry, something went wrong while answering (error id \`${id}\`).`;
  try {
    if (interaction.deferred || interaction.replied)
      await interaction.editReply({ content, embeds: [], components: [] });
    else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  } catch (sendError) {
    logDiscordError(log, 'error reply', sendError, { errorId: id });
  }
}
