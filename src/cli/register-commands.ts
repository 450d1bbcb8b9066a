import { REST, Routes } from 'discord.js';
import { slashCommands } from '../bot/commands/index.js';
import { createLogger, redact } from '../log.js';
import { cliConfig, fail, parseCli, run } from './args.js';

const USAGE = `usage: npm run register-commands

Registers /ask, /news, /source and /about with Discord: in DISCORD_GUILD_ID only when it is set (instant),
otherwise globally (may take up to an hour to appear). Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID.`;

run(async () => {
  parseCli(USAGE, {});
  const config = cliConfig();
  const log = createLogger(config.LOG_LEVEL);
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    fail(`DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set (see .env.example).\n\n${USAGE}`);
  }
  redact(config.DISCORD_TOKEN);
  const rest = new REST(config.DISCORD_REST_URL ? { api: config.DISCORD_REST_URL } : {}).setToken(config.DISCORD_TOKEN);
  const body = slashCommands(config).map((c) => c.data.toJSON());
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(config.DISCORD_APPLICATION_ID);
  const result = (await rest.put(route, { body })) as { name: string }[];
  log.info(
    `registered ${result.map((c) => `/${c.name}`).join(', ')} ${config.DISCORD_GUILD_ID ? `in guild ${config.DISCORD_GUILD_ID}` : 'globally'}`,
  );
});
