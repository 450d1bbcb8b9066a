import type { Server } from 'node:http';
import { createInterface } from 'node:readline';
import type { Config } from '../config/config.js';
import { createLogger, type Logger } from '../log.js';
import { dateLabel, renderAnswer, renderArticleLine, renderStats } from '../render/terminal.js';
import type { Archive } from '../search/archive.js';
import { parseUserDate } from '../search/question.js';
import { checkQuestion } from '../search/validate.js';
import { close, createWebServer, listen } from '../web/server.js';
import { cliConfig, parseCli, run } from './args.js';
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

/** WEB_PORT, or any free port when another process (the bot, another chat) holds it. */
async function listenOnWebPortOrAny(server: Server, config: Config, log: Logger): Promise<number> {
  try {
    return (await listen(server, config.WEB_PORT, config.WEB_HOST)).port;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    const { port } = await listen(server, 0, config.WEB_HOST);
    log.info(`port ${config.WEB_PORT} is taken; citation pages on port ${port} instead`);
    return port;
  }
}

/** Open the archive and serve its citation pages, with links that point where they are served. */
async function openSession(config: Config, log: Logger, indexDir: string | undefined): Promise<Session> {
  const archive = await openArchiveOrExit(config, log, indexDir);
  if (!config.WEB_ENABLED) return { archive };
  const session: Session = { archive };
  const server = createWebServer({ archive: () => session.archive, log, maxQuestionChars: config.MAX_QUESTION_CHARS });
  const port = await listenOnWebPortOrAny(server, config, log);
  let linksTo = config.publicBaseUrl;
  if (!config.PUBLIC_BASE_URL && port !== config.WEB_PORT) {
    // The links were made for WEB_PORT: open again with the port in use (the index's model is reused, not reloaded).
    const url = new URL(config.publicBaseUrl);
    url.port = String(port);
    linksTo = url.origin;
    const model = archive.data.meta.model?.name;
    const embedder = model ? archive.embedderFor(model) : undefined;
    session.archive = await openArchiveOrExit({ ...config, publicBaseUrl: linksTo }, log, indexDir, embedder);
  }
  session.pages = { server, port, linksTo };
  return session;
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

/** One line typed in the session; the reply to print. */
async function reply(archive: Archive, text: string, maxQuestionChars: number): Promise<string | undefined> {
  if (text === '') return undefined;
  if (text === '/about') return renderStats(archive.stats());
  if (text.startsWith('/news')) {
    const d = parseUserDate(text.slice(5));
    if (!d || d.date.day === undefined) return 'usage: /news 2020-06-19 (or 6月19日, today)';
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
  const c = checkQuestion(text, maxQuestionChars);
  return c.ok ? renderAnswer(await archive.ask(c.question)) : c.message;
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
