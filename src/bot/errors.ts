import { randomBytes } from 'node:crypto';
import { DiscordAPIError, MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../log.js';
import type { Messages } from '../render/messages.js';
import type { BotMetrics } from './metrics.js';

interface ErrorSink {
  log: Logger;
  metrics: BotMetrics;
}

const HINTS: Record<number, string> = {
  50013: ' (missing permission: give the bot Send Messages, Embed Links and Add Reactions in this channel)',
  50001: ' (missing access to the channel)',
  10008: ' (the message was deleted)',
};

/** The code a failed Discord call is counted under: Discord's error code, else the HTTP status, else "network". */
function errorCode(e: unknown): string {
  if (e instanceof DiscordAPIError) return String(e.code || e.status);
  const status = (e as { status?: unknown }).status;
  return typeof status === 'number' ? String(status) : 'network';
}

/** Log a failed Discord call with its context, and count it; the bot goes on. */
export function logDiscordError(sink: ErrorSink, what: string, e: unknown, context: Record<string, unknown>): void {
  sink.metrics.discordErrors.inc({ code: errorCode(e) });
  if (e instanceof DiscordAPIError) {
    sink.log.warn(`${what} failed: Discord ${e.status} ${e.code}: ${e.message}${HINTS[Number(e.code)] ?? ''}`, context);
  } else {
    // 5xx and network failures arrive as HTTPError / plain errors, with a status where there was a response.
    const status = (e as { status?: unknown }).status;
    sink.log.warn(
      `${what} failed: ${typeof status === 'number' ? `Discord ${status}: ` : ''}${(e as Error).message}`,
      context,
    );
  }
}

/** An unexpected error in a handler: the user gets a short message with an id, the log gets the stack. */
export async function reportHandlerError(
  sink: ErrorSink,
  interaction: RepliableInteraction,
  e: unknown,
  m: Pick<Messages, 'handlerError'>,
): Promise<void> {
  const id = randomBytes(4).toString('hex');
  sink.log.error(`handler error ${id}: ${(e as Error).stack ?? String(e)}`, {
    interaction: interaction.id,
    user: interaction.user.id,
  });
  const content = m.handlerError(id);
  try {
    if (interaction.deferred || interaction.replied)
      await interaction.editReply({ content, embeds: [], components: [] });
    else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  } catch (sendError) {
    logDiscordError(sink, 'error reply', sendError, { errorId: id });
  }
}

/** Close code 4014: Discord refused a privileged intent. The bot asks for Message Content only. */
export function disallowedIntentsHelp(applicationId: string | undefined): string {
  const page = applicationId
    ? `https://discord.com/developers/applications/${applicationId}/bot`
    : 'https://discord.com/developers/applications → your application → Bot';
  return (
    'Discord refused the Message Content intent (gateway close code 4014, "disallowed intents"). ' +
    `Turn on "Message Content Intent" under Privileged Gateway Intents at ${page}, save, and start the bot again. ` +
    '(Bots in 100 or more servers need Discord to approve the intent first.)'
  );
}
