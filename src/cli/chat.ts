import type { Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Config } from '../config/config.js';
import type { PartialDate } from '../ingest/dates.js';
import { createLogger, type Logger } from '../log.js';
import { dateLabel, renderAnswer, renderArticleLine, renderStats } from '../render/terminal.js';
import type { Archive } from '../search/archive.js';
import { byDay } from '../search/browse.js';
import { parseUserDate } from '../search/question.js';
import { checkQuestion } from '../search/validate.js';
import { counted } from '../text/counted.js';
import { close, createWebServer, listen, webSettings } from '../web/server.js';
import { cliConfig, fail, parseCli, run } from './args.js';
import { openArchiveOrExit } from './open-archive.js';
import { newestDate, suggestedQuestions } from './suggestions.js';

const USAGE = `usage: npm run chat [-- --index DIR]

An interactive session with the bot's question handling, in the terminal. Type a question, or:
  /news DATE     the articles of a date        /source ID   one article
  /about         what the archive covers       /quit        leave (or Ctrl-D)

The citation pages its links point at are served while it runs: on WEB_PORT, or on a free port when that one is
taken (WEB_ENABLED=false turns them off; links then use PUBLIC_BASE_URL).`;

interface Session {
  archive: Archive;
  /** The citation pages, unless WEB_ENABLED=false: the port they are served on, and the base of the links. */
  pages?: { server: Server; port: number; linksTo: string };
}

/** WEB_PORT if it is free, otherwise (another chat, the bot) any free port; 0 means any. */
async function pickPort(config: Config, log: Logger): Promise<number> {
  const tryPort = (port: number): Promise<number | undefined> =>
    new Promise((resolve, reject) => {
      const probe = createNetServer();
      probe.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(undefined) : reject(e)));
      probe.listen(port, config.WEB_HOST, () => {
        const { port: got } = probe.address() as AddressInfo;
        probe.close(() => resolve(got));
      });
    });
  if (config.WEB_PORT !== 0) {
    const port = await tryPort(config.WEB_PORT);
    if (port !== undefined) return port;
  }
  const port = (await tryPort(0))!;
  if (config.WEB_PORT !== 0) log.info(`port ${config.WEB_PORT} is taken; citation pages on port ${port} instead`);
  return port;
}

/** Open the archive and serve its citation pages, the links made for the port they are served on. */
async function openSession(config: Config, log: Logger, indexDir: string | undefined): Promise<Session> {
  if (!config.WEB_ENABLED) return { archive: await openArchiveOrExit(config, log, indexDir) };
  const port = await pickPort(config, log);
  const url = new URL(config.publicBaseUrl);
  url.port = String(port);
  const linksTo = config.PUBLIC_BASE_URL ? config.publicBaseUrl : url.origin;
  const settings = { ...config, publicBaseUrl: linksTo };
  const archive = await openArchiveOrExit(settings, log, indexDir);
  const server = createWebServer({ archive: () => archive, log, ...webSettings(settings) });
  await listen(server, port, config.WEB_HOST).catch((e: Error) =>
    fail(
      `cannot serve citation pages on ${config.WEB_HOST}:${port}: ${e.message} (set WEB_PORT, or WEB_ENABLED=false)`,
      1,
    ),
  );
  return { archive, pages: { server, port, linksTo } };
}

function pagesLine({ pages }: Session): string {
  if (!pages) return 'Citation pages are not served (WEB_ENABLED=false).';
  if (new URL(pages.linksTo).port === String(pages.port))
    return `Citation pages: ${pages.linksTo}/ (the links open there while this session runs)`;
  return `Citation pages served on port ${pages.port}; links use PUBLIC_BASE_URL (${pages.linksTo})`;
}

async function banner(s: Session): Promise<string> {
  const { archive } = s;
  const examples = await suggestedQuestions(archive, 3);
  const date = newestDate(archive);
  return [
    renderStats(archive.stats()),
    '',
    'Ask a question about the local news; answers are quotes from the archived articles, with their sources.',
    ...(examples.length ? ['For example:', ...examples.map((q) => `  ${q}`)] : []),
    ...(archive.mode === 'lexical'
      ? ['Search is by words only (no embedding model): ask in Chinese, in words the articles would use.']
      : []),
    `Commands: /news ${date ?? 'DATE'}, /source ID or title words, /about, /quit`,
    pagesLine(s),
    '',
  ].join('\n');
}

/** A month asked for with /news: its days that have articles, to pick one from. */
function monthDays(archive: Archive, month: PartialDate): string {
  const mm = String(month.month).padStart(2, '0');
  // The site's month pages read the same by-day view (built once per loaded index).
  const b = byDay(archive.articles);
  const days =
    month.year === undefined
      ? [...b.yearless, ...b.days].filter((d) => d.date.slice(-5, -3) === mm)
      : b.daysOf(`${month.year}-${mm}`);
  const label = month.year === undefined ? `month ${mm} of any year` : `${month.year}-${mm}`;
  if (!days.length) return `No articles dated in ${label}.`;
  return [
    `Days of ${label} with articles (then /news one of them):`,
    ...days.map((d) => `  ${dateLabel(d.date)}  ${counted(d.count, 'article')}`),
  ].join('\n');
}

/** One line typed in the session; the reply to print. */
async function reply(archive: Archive, text: string, maxQuestionChars: number): Promise<string | undefined> {
  if (text === '') return undefined;
  if (text === '/about') return renderStats(archive.stats());
  if (text.startsWith('/news')) {
    const d = parseUserDate(text.slice(5));
    if (d && d.date.day === undefined) return monthDays(archive, d.date);
    if (!d) return 'usage: /news 2020-06-19 (or 6月19日, today, or a month: 2020年3月)';
    const list = archive.news(d.date);
    return list.length
      ? list.map((a) => renderArticleLine(a, archive.linkFor(a))).join('\n')
      : `No articles dated ${dateLabel(d.text)}.`;
  }
  if (text.startsWith('/source')) {
    const [a] = archive.findArticles(text.slice(7), 1);
    return a
      ? `${a.title}\n${a.source} · ${dateLabel(a.date)} · ${archive.linkFor(a)}\n\n${a.text}`
      : 'No such article.';
  }
  if (/^\/[a-z]*$/iu.test(text.split(/\s/u)[0]!))
    return `${text.split(/\s/u)[0]} is not a command. Commands: /news DATE, /source ID or title words, /about, /quit; anything else is a question.`;
  const c = checkQuestion(text, maxQuestionChars);
  return c.ok ? renderAnswer(await archive.ask(c.question), { color: process.stdout.isTTY }) : c.message;
}

run(async () => {
  const { values } = parseCli(USAGE, { index: { type: 'string' } });
  const config = cliConfig();
  const session = await openSession(config, createLogger(config.LOG_LEVEL), values.index);
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out(await banner(session));
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: process.stdin.isTTY ? 'ask> ' : '',
  });
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    const r = await reply(session.archive, text, config.MAX_QUESTION_CHARS);
    if (r !== undefined) out(`${r}\n`);
    rl.prompt();
  }
  rl.close();
  if (session.pages) await close(session.pages.server);
});
