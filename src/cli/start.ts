import type { RunningBot } from '../bot/client.js';
import { createContext } from '../bot/context.js';
import { createLogger } from '../log.js';
import { prepareSources } from '../sources/service.js';
import { SourcesFileError } from '../sources/sources-file.js';
import { close, createWebServer, listen, webSettings } from '../web/server.js';
import { cliConfig, fail, parseCli, run } from './args.js';
import { openLiveArchiveOrExit } from './open-archive.js';

const USAGE = `usage: npm start

Runs the Discord bot with the settings in .env (see .env.example), and the citation pages unless WEB_ENABLED=false.`;

run(async () => {
  parseCli(USAGE, {});
  const config = cliConfig();
  if (!config.DISCORD_TOKEN) {
    fail(
      'DISCORD_TOKEN is not set, so the bot cannot log in.\n' +
        '  1. Create an application at https://discord.com/developers/applications, open "Bot", press "Reset Token" and copy it.\n' +
        '  2. Put it in .env as DISCORD_TOKEN=… (copy .env.example to .env first), with DISCORD_APPLICATION_ID from "General Information".\n' +
        '  3. Under "Bot", enable the Message Content intent; invite the bot with the "bot" and "applications.commands" scopes.\n' +
        '  4. Run npm run register-commands once, then npm start.\n' +
        'To try the bot without Discord: npm run chat',
    );
  }
  const log = createLogger(config.LOG_LEVEL);
  // Live sources (#15): their schedule, and a first run when there is no index yet.
  const sources = await prepareSources(config, log).catch((e) =>
    e instanceof SourcesFileError ? fail(e.message) : Promise.reject(e),
  );
  const live = await openLiveArchiveOrExit(config, log);
  live.watch();
  sources?.start(() => void live.reload());
  const web = config.WEB_ENABLED
    ? createWebServer({ archive: () => live.current, log, ...webSettings(config) })
    : undefined;
  if (web) {
    const addr = await listen(web, config.WEB_PORT, config.WEB_HOST).catch((e: Error) =>
      fail(
        `cannot serve citation pages on ${config.WEB_HOST}:${config.WEB_PORT}: ${e.message} (set WEB_PORT, or WEB_ENABLED=false)`,
        1,
      ),
    );
    log.info(`citation pages at http://${addr.address}:${addr.port}/ (links use ${config.publicBaseUrl})`);
  }
  const ctx = createContext(config, log, live);
  // discord.js (half a second to load) only once there is a token to log in with: a missing one fails at once.
  const { startBot } = await import('../bot/client.js');
  let bot: RunningBot;
  try {
    bot = await startBot(ctx);
  } catch (e) {
    fail(`could not log in to Discord: ${(e as Error).message}`, 1);
  }
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing replies under way, then exiting`);
    await bot.stop();
    await sources?.stop();
    live.close();
    if (web) await close(web);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
});
