import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  LocalizationMap,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Localized } from '../../render/messages.js';
import type { BotContext } from '../context.js';

export interface SlashCommand {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** What names and describes a command or an option, in discord.js's builders. */
interface Describable<T> {
  setName(name: string): T;
  setDescription(description: string): T;
  setNameLocalizations(names: LocalizationMap): T;
  setDescriptionLocalizations(descriptions: LocalizationMap): T;
}

/**
 * A command or option named and described in English (the registered default) and, as Discord shows them to readers
 * whose client is set to Chinese, in Simplified (zh-CN) and Traditional (zh-TW) Chinese. Interactions still carry
 * the English names, so handlers read options by them.
 */
export function localized<T extends Describable<T>>(builder: T, t: Localized): T {
  return builder
    .setName(t.name)
    .setDescription(t.description)
    .setNameLocalizations({ 'zh-CN': t['zh-CN'].name, 'zh-TW': t['zh-TW'].name })
    .setDescriptionLocalizations({ 'zh-CN': t['zh-CN'].description, 'zh-TW': t['zh-TW'].description });
}
