import type { Config } from '../../config/config.js';
import { about } from './about.js';
import { ask } from './ask.js';
import type { SlashCommand } from './command.js';
import { news } from './news.js';
import { source } from './source.js';

export type { SlashCommand } from './command.js';

/** The slash commands, registered with the limits the bot enforces (the longest question, from the settings). */
export function slashCommands(config: Pick<Config, 'MAX_QUESTION_CHARS'>): SlashCommand[] {
  return [ask(config.MAX_QUESTION_CHARS), news, source, about];
}
