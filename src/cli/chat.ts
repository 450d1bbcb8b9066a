import type { Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Config } from '../config/config.js';
import type { PartialDate } from '../ingest/dates.js';
import { createLogger, type Logger } from '../log.js';
import { type Lang, replyLanguage } from '../render/language.js';
import { messages, refusal } from '../render/messages.js';
import { renderAnswer, renderArticleLine, renderStats } from '../render/terminal.js';
import type { Archive, AskContext } from '../search/archive.js';
import { byDay } from '../search/browse.js';
import { contextOf, followsOn } from '../search/follow-up.js';
import { parseUserDate } from '../search/question.js';
import { checkQuestion } from '../search/validate.js';
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

function pagesLine({ pages }: Session, lang: Lang): string {
  const m = messages(lang).chat;
  if (!pages) return m.pagesOff;
  if (new URL(pages.linksTo).port === String(pages.port)) return m.pagesAt(pages.linksTo);
  return m.pagesOnPort(pages.port, pages.linksTo);
}

/** The session's opening lines, in the operator's default language (nobody has typed anything yet). */
async function banner(s: Session, lang: Lang): Promise<string> {
  const { archive } = s;
  const m = messages(lang).chat;
  const examples = await suggestedQuestions(archive, 3);
  return [
    renderStats(archive.stats(), lang),
    '',
    m.intro,
    ...(examples.length ? [m.forExample, ...examples.map((q) => `  ${q}`)] : []),
    ...(archive.mode === 'lexical' ? [m.askInChinese] : []),
    m.commands(newestDate(archive)),
    pagesLine(s, lang),
    '',
  ].join('\n');
}

/** A month asked for with /news: its days that have articles, to pick one from. */
function monthDays(archive: Archive, month: PartialDate, lang: Lang): string {
  const m = messages(lang).chat;
  const mm = String(month.month).padStart(2, '0');
  // The site's month pages read the same by-day view (built once per loaded index).
  const b = byDay(archive.articles);
  const days =
    month.year === undefined
      ? [...b.yearless, ...b.days].filter((d) => d.date.slice(-5, -3) === mm)
      : b.daysOf(`${month.year}-${mm}`);
  const label = m.monthLabel(month.year, month.month);
  if (!days.length) return m.noArticlesInMonth(label);
  return [
    m.daysOfMonth(label),
    ...days.map((d) => `  ${messages(lang).date(d.date)}  ${m.articlesOnDay(d.count)}`),
  ].join('\n');
}

function news(archive: Archive, arg: string, lang: Lang): string {
  const m = messages(lang).chat;
  const d = parseUserDate(arg);
  if (d && d.date.day === undefined) return monthDays(archive, d.date, lang);
  if (!d) return m.newsUsage;
  const list = archive.news(d.date);
  return list.length
    ? list.map((a) => renderArticleLine(a, archive.linkFor(a), lang)).join('\n')
    : m.noArticlesOn(d.text);
}

function source(archive: Archive, arg: string, lang: Lang): string {
  const [a] = archive.findArticles(arg, 1);
  return a
    ? `${a.title}\n${a.source} · ${messages(lang).date(a.date)} · ${archive.linkFor(a)}\n\n${a.text}`
    : messages(lang).chat.noSuchArticle;
}

/** What the chat remembers: the last question that started a topic, for the follow-ups after it. */
interface Conversation {
  last?: AskContext;
}

/**
 * One line typed in the session; the reply to print, in the language of what was typed (a question, a date, title
 * words), else the operator's default.
 */
async function reply(archive: Archive, text: string, config: Config, chat: Conversation): Promise<string | undefined> {
  if (text === '') return undefined;
  const command = /^\/(?:about|news|source)/u.exec(text)?.[0];
  const arg = command ? text.slice(command.length) : text;
  const lang = replyLanguage({ text: arg, fallback: config.DEFAULT_REPLY_LANGUAGE });
  if (command === '/about') return renderStats(archive.stats(), lang);
  if (command === '/news') return news(archive, arg, lang);
  if (command === '/source') return source(archive, arg, lang);
  const word = text.split(/\s/u)[0]!;
  if (/^\/[a-z]*$/iu.test(word)) {
    const rest = replyLanguage({ text: text.slice(word.length), fallback: config.DEFAULT_REPLY_LANGUAGE });
    return messages(rest).chat.notACommand(word);
  }
  const c = checkQuestion(text, config.MAX_QUESTION_CHARS);
  if (!c.ok) return refusal(c, lang);
  const follows = chat.last !== undefined && followsOn(c.question);
  const answer = await archive.ask(c.question, follows ? { context: chat.last! } : {});
  // A follow-up keeps the topic's question: "那雪汇呢" after "那恒丰电子呢" still asks the first question again.
  if (!follows && answer.intent !== 'chatter' && (answer.quotes.length > 0 || answer.hits.length > 0))
    chat.last = contextOf(answer);
  return renderAnswer(answer, { color: process.stdout.isTTY, lang });
}

run(async () => {
  const { values } = parseCli(USAGE, { index: { type: 'string' } });
  const config = cliConfig();
  const session = await openSession(config, createLogger(config.LOG_LEVEL), values.index);
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out(await banner(session, config.DEFAULT_REPLY_LANGUAGE));
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: process.stdin.isTTY ? 'ask> ' : '',
  });
  rl.prompt();
  const chat: Conversation = {};
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    const r = await reply(session.archive, text, config, chat);
    if (r !== undefined) out(`${r}\n`);
    rl.prompt();
  }
  rl.close();
  if (session.pages) await close(session.pages.server);
});
