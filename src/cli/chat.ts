import { createInterface } from 'node:readline';
import { IndexLoadError } from '../index/store.js';
import { createLogger } from '../log.js';
import { dateLabel, renderAnswer, renderArticleLine, renderStats } from '../render/terminal.js';
import type { Archive } from '../search/archive.js';
import { openArchive } from '../search/open.js';
import { parseUserDate } from '../search/question.js';
import { checkQuestion, HELP } from '../search/validate.js';
import { cliConfig, fail, parseCli, run } from './args.js';

const USAGE = `usage: npm run chat [-- --index DIR]

An interactive session with the bot's question handling, in the terminal. Type a question, or:
  /news DATE     the articles of a date        /source ID   one article
  /about         what the archive covers       /quit        leave (or Ctrl-D)`;

run(async () => {
  const { values } = parseCli(USAGE, { index: { type: 'string' } });
  const config = cliConfig();
  let archive: Archive;
  try {
    archive = await openArchive(config, createLogger(config.LOG_LEVEL), values.index ? { indexDir: values.index } : {});
  } catch (e) {
    if (e instanceof IndexLoadError) fail(e.message, 1);
    throw e;
  }
  const tty = process.stdin.isTTY;
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out(renderStats(archive.stats()));
  out(`\n${HELP}\nCommands: /news DATE, /source ID, /about, /quit\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: tty ? 'ask> ' : '' });
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text === '/about') out(renderStats(archive.stats()));
    else if (text.startsWith('/news')) {
      const d = parseUserDate(text.slice(5));
      if (!d || d.date.day === undefined) out('usage: /news 2020-06-19 (or 6月19日, today)');
      else {
        const list = archive.news(d.date);
        out(
          list.length
            ? list.map((a) => renderArticleLine(a, archive.linkFor(a))).join('\n')
            : `No articles dated ${dateLabel(d.text)}.`,
        );
      }
    } else if (text.startsWith('/source')) {
      const [a] = archive.findArticles(text.slice(7), 1);
      out(
        a ? `${a.title}\n${a.source} · ${dateLabel(a.date)} · ${archive.linkFor(a)}\n\n${a.text}` : 'No such article.',
      );
    } else if (text !== '') {
      const c = checkQuestion(text, config.MAX_QUESTION_CHARS);
      out(c.ok ? renderAnswer(await archive.ask(c.question), { color: process.stdout.isTTY }) : c.message);
    }
    out('');
    rl.prompt();
  }
  rl.close();
});
