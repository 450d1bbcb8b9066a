import type { Server } from 'node:http';
import type { RunningBot } from '../bot/client.js';
import type { BotContext } from '../bot/context.js';
import type { Config } from '../config/config.js';
import { createLogger, type Logger } from '../log.js';
import { citationLinks } from '../render/discord.js';
import type { LiveArchive } from '../search/live-archive.js';
import type { SourceSchedule } from '../sources/schedule.js';
import { firstRunWithoutIndex, openSourceSchedule } from '../sources/service.js';
import { SourcesFileError } from '../sources/sources-file.js';
import { sharedSegmenter } from '../text/segment.js';
import { close, createWebServer, listen, webSettings } from '../web/server.js';
import { cliConfig, fail, parseCli, run } from './args.js';
import { type InstanceLock, lockInstance } from './instance-lock.js';
import { openLiveArchiveOrExit } from './open-archive.js';

const USAGE = `usage: npm start

Runs the Discord bot with the settings in .env (see .env.example), and the citation pages unless WEB_ENABLED=false.
SIGTERM or SIGINT (Ctrl-C) finish the replies under way (up to SHUTDOWN_GRACE_SECONDS), then exit 0.`;

const NO_TOKEN =
  'DISCORD_TOKEN is not set, so the bot cannot log in.\n' +
  '  1. Create an application at https://discord.com/developers/applications, open "Bot", press "Reset Token" and copy it.\n' +
  '  2. Put it in .env as DISCORD_TOKEN=… (copy .env.example to .env first), with DISCORD_APPLICATION_ID from "General Information".\n' +
  '  3. Under "Bot", enable the Message Content intent; invite the bot with the "bot" and "applications.commands" scopes.\n' +
  '  4. Run npm run register-commands once, then npm start.\n' +
  'To try the bot without Discord: npm run chat';

/** What is running, for the shutdown to stop in order. */
interface Parts {
  lock?: InstanceLock;
  sources?: SourceSchedule;
  live?: LiveArchive;
  web?: Server;
  bot?: RunningBot;
}

/** SIGTERM and SIGINT (once each, however many arrive: npm and the process group may both pass one on) stop. */
function onSignals(log: Logger, config: Config, parts: Parts): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return void log.info(`${signal}: already stopping`);
    stopping = true;
    log.info(`${signal}: finishing replies under way, then exiting`);
    // Bounded: replies get the grace period, disconnecting a few seconds more.
    setTimeout(
      () => {
        log.error('shutdown took too long; exiting now');
        process.exit(1);
      },
      config.SHUTDOWN_GRACE_SECONDS * 1000 + 5000,
    ).unref();
    await parts.bot?.stop();
    await parts.sources?.stop();
    await parts.live?.close();
    if (parts.web) await close(parts.web);
    parts.lock?.release();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (s) => void stop(s));
  process.on('SIGINT', (s) => void stop(s));
}

async function takeLock(config: Config): Promise<InstanceLock> {
  const r = await lockInstance(config.DISCORD_TOKEN!);
  if (r.ok) return r.lock;
  return fail(
    `another bot with this DISCORD_TOKEN is already running on this machine (pid ${r.holderPid}); ` +
      `two would answer every question twice. Stop it first (lock: ${r.path}).`,
    1,
  );
}

async function serveWeb(config: Config, log: Logger, ctx: BotContext, parts: Parts): Promise<Server> {
  const { opsRoutes } = await import('../bot/ops.js');
  const web = createWebServer({
    archive: () => ctx.live.current,
    log,
    ...webSettings(config),
    routes: opsRoutes(() => parts.bot, ctx),
  });
  const addr = await listen(web, config.WEB_PORT, config.WEB_HOST).catch((e: Error) =>
    fail(
      `cannot serve citation pages on ${config.WEB_HOST}:${config.WEB_PORT}: ${e.message} (set WEB_PORT, or WEB_ENABLED=false)`,
      1,
    ),
  );
  log.info(`citation pages, /healthz and /metrics at http://${addr.address}:${addr.port}/`);
  return web;
}

/** The sources' schedule, not started; undefined without a sources file; a broken one exits 2 naming the problem. */
function openSources(config: Config, log: Logger): SourceSchedule | undefined {
  try {
    return openSourceSchedule(config, log);
  } catch (e) {
    if (e instanceof SourcesFileError) fail(e.message);
    throw e;
  }
}

function warnLocalLinks(config: Config, log: Logger): void {
  const links = citationLinks(config);
  if (!links.localOnly) return;
  log.warn(
    `PUBLIC_BASE_URL is not set: citation links point at ${links.base}, which only this machine can open` +
      `${config.WEB_ENABLED ? '' : ' (and WEB_ENABLED=false, so nothing serves them)'}. ` +
      'Set PUBLIC_BASE_URL to the address readers reach the citation pages at.',
  );
}

run(async () => {
  parseCli(USAGE, {});
  const config = cliConfig();
  if (!config.DISCORD_TOKEN) fail(NO_TOKEN);
  const log = createLogger(config.LOG_LEVEL);
  const parts: Parts = {};
  onSignals(log, config, parts);
  parts.lock = await takeLock(config);
  warnLocalLinks(config, log);
  // Live sources (#15): their schedule, and a first run when there is no index yet (a shutdown stops it too).
  parts.sources = openSources(config, log);
  if (parts.sources) await firstRunWithoutIndex(parts.sources, config, log);
  parts.live = await openLiveArchiveOrExit(config, log);
  parts.live.watch();
  sharedSegmenter().loadWholeDictionary(); // ~170 ms once, so no reader's question pays to load words
  const live = parts.live;
  parts.sources?.start(() => void live.reload());
  // discord.js (half a second to load) only once there is a token to log in with: a missing one fails at once.
  const { createContext } = await import('../bot/context.js');
  const { startBot } = await import('../bot/client.js');
  const ctx = createContext(config, log, parts.live);
  if (config.WEB_ENABLED) parts.web = await serveWeb(config, log, ctx, parts);
  try {
    parts.bot = await startBot(ctx);
  } catch (e) {
    fail(`could not log in to Discord: ${(e as Error).message}`, 1);
  }
});
