import { createLogger } from '../log.js';
import { close, createWebServer, listen, webSettings } from '../web/server.js';
import { cliConfig, fail, parseCli, run } from './args.js';
import { openLiveArchiveOrExit } from './open-archive.js';

const USAGE = `usage: npm run web [-- --port N --host ADDR]

Serves the archive site alone (the bot serves it too): /, /months/<YYYY-MM>, /dates/<YYYY-MM-DD>, /undated,
/articles/<id>, /search?q=, /about, /feed.xml`;

run(async () => {
  const { values } = parseCli(USAGE, { port: { type: 'string' }, host: { type: 'string' } });
  const config = cliConfig();
  const log = createLogger(config.LOG_LEVEL);
  const port = values.port === undefined ? config.WEB_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not "${values.port}"`);
  const live = await openLiveArchiveOrExit(config, log);
  live.watch();
  const server = createWebServer({ archive: () => live.current, log, ...webSettings(config) });
  const addr = await listen(server, port, values.host ?? config.WEB_HOST).catch((e: Error) =>
    fail(`cannot listen on ${values.host ?? config.WEB_HOST}:${port}: ${e.message}`, 1),
  );
  log.info(`citation pages at http://${addr.address}:${addr.port}/`);
  const stop = async (): Promise<void> => {
    await live.close();
    await close(server);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
});
