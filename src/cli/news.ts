import { createLogger } from '../log.js';
import { dateLabel, renderArticleLine } from '../render/terminal.js';
import { parseUserDate } from '../search/question.js';
import { cliConfig, fail, parseCli, run } from './args.js';
import { openArchiveOrExit } from './open-archive.js';

const USAGE = `usage: npm run -s news -- [--index DIR] --date DATE [--json]

Lists the articles of a date: 2020-06-19, 2020/6/19, 6月19日, today, yesterday.`;

run(async () => {
  const { values } = parseCli(USAGE, {
    index: { type: 'string' },
    date: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.date) fail(`--date is required\n\n${USAGE}`);
  const parsed = parseUserDate(values.date);
  if (!parsed || parsed.date.day === undefined) fail(`--date "${values.date}" is not a date I can read\n\n${USAGE}`);
  const config = cliConfig();
  const archive = await openArchiveOrExit(config, createLogger('error'), values.index);
  const articles = archive.news(parsed.date);
  if (values.json) {
    const out = articles.map((a) => ({
      id: a.id,
      title: a.title,
      date: a.date ?? null,
      dateOrigin: a.dateOrigin,
      source: a.source,
      url: archive.linkFor(a),
    }));
    process.stdout.write(`${JSON.stringify({ date: parsed.text, articles: out }, null, 2)}\n`);
    return;
  }
  if (articles.length === 0) {
    const near = archive
      .dates()
      .slice(0, 5)
      .map((d) => dateLabel(d.date));
    process.stdout.write(`No articles dated ${parsed.text}. Dates with articles include: ${near.join(', ')}\n`);
    return;
  }
  for (const a of articles) process.stdout.write(`${renderArticleLine(a, archive.linkFor(a))}\n`);
});
