import { about } from './about.js';
import { ask } from './ask.js';
import type { SlashCommand } from './command.js';
import { news } from './news.js';
import { source } from './source.js';

export const commands: SlashCommand[] = [ask, news, source, about];
export const commandsByName = new Map(commands.map((c) => [c.data.name, c]));
