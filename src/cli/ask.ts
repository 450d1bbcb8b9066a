import { readFile } from 'node:fs/promises';
import { createLogger } from '../log.js';
import { replyLanguage } from '../render/language.js';
import { messages, refusal } from '../render/messages.js';
import { renderAnswer } from '../render/terminal.js';
import type { Answer, AskOptions } from '../search/archive.js';
import { parseUserDate } from '../search/question.js';
import { checkQuestion, reversedRange } from '../search/validate.js';
import { cliConfig, fail, parseCli, run } from './args.js';
import { openArchiveOrExit } from './open-archive.js';

const USAGE = `usage: npm run -s ask -- [--index DIR] [--top K] [--from DATE] [--to DATE] [--json] "question"
       npm run -s ask -- [--index DIR] --json --questions FILE

Answers with verbatim quotes from the archive. Dates: 2020-06-19, 2020/6/19, 2020年6月19日.
--questions: one question per line in, one JSON object per line out, same order.`;

function isoFilter(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const d = parseUserDate(v);
  if (!d || d.date.year === undefined) fail(`--${name} "${v}" is not a full date (use YYYY-MM-DD)\n\n${USAGE}`);
  return d.text;
}

run(async () => {
  const { values, positionals } = parseCli(USAGE, {
    index: { type: 'string' },
    top: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
    questions: { type: 'string' },
  });
  const config = cliConfig();
  const top = values.top === undefined ? 5 : Number(values.top);
  if (!Number.isInteger(top) || top < 1 || top > 25)
    fail(`--top must be a whole number from 1 to 25, not "${values.top}"`);
  const opts: AskOptions = { top };
  const from = isoFilter('from', values.from);
  const to = isoFilter('to', values.to);
  // Options and their errors are the operator's, in English; answers are in the question's language.
  const reversed = reversedRange(from, to);
  if (reversed) fail(`--from and --to: ${messages('en').reversedRange(reversed.from, reversed.to)}\n\n${USAGE}`);
  if (from) opts.from = from;
  if (to) opts.to = to;
  if (values.questions && positionals.length > 0)
    fail(`give either --questions FILE or a question, not both\n\n${USAGE}`);
  if (values.questions && !values.json) fail(`--questions needs --json (one JSON object per line out)`);
  if (!values.questions && positionals.length === 0) fail(`no question given\n\n${USAGE}`);

  const log = createLogger(config.LOG_LEVEL);
  const archive = await openArchiveOrExit(config, log, values.index);
  const langOf = (question: string) => replyLanguage({ text: question, fallback: config.DEFAULT_REPLY_LANGUAGE });
  const answer = async (raw: string): Promise<Answer | { question: string; error: string }> => {
    const c = checkQuestion(raw, config.MAX_QUESTION_CHARS);
    return c.ok ? archive.ask(c.question, opts) : { question: raw, error: refusal(c, langOf(raw)) };
  };

  if (values.questions) {
    let text: string;
    try {
      text = await readFile(values.questions, 'utf8');
    } catch (e) {
      fail(`cannot read --questions file: ${(e as Error).message}`, 1);
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      process.stdout.write(`${JSON.stringify(await answer(line))}\n`);
    }
    return;
  }
  const result = await answer(positionals.join(' '));
  if ('error' in result) {
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    fail(result.error, 1);
  }
  process.stdout.write(
    values.json
      ? `${JSON.stringify(result, null, 2)}\n`
      : `${renderAnswer(result, { color: process.stdout.isTTY, lang: langOf(result.question) })}\n`,
  );
});
