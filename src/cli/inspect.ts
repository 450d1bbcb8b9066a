import { join } from 'node:path';
import type { Article } from '../ingest/article.js';
import { chunkArticle } from '../ingest/chunk.js';
import { formatWarning, readCorpus } from '../ingest/read-corpus.js';
import { currentSourceStatuses, statusLines } from '../sources/status.js';
import { counted } from '../text/counted.js';
import { cliConfig, parseCli, run } from './args.js';

const USAGE = `usage: npm run -s inspect -- [--corpus DIR] [--json]
       npm run -s inspect -- --sources [--json]

Shows the articles found in a corpus, so the splitting can be checked before indexing: id, title and where it came
from (the page's headline, the feed's title, or derived from the text), kicker, subhead and group headline; date and
where it came from (the dateline, the body, the issue, the feed, or estimated from the page), every date the text
mentions; paper, captions, chunks and the first characters. --sources shows each live source instead: its last run,
last success, last error and article count. --json prints only JSON on stdout.`;

const TITLE_ORIGIN: Record<Article['titleOrigin'], string> = {
  headline: 'headline',
  feed: 'feed title',
  'first-sentence': 'derived from the first sentence: no headline printed',
};

function titleLines(a: Article): string[] {
  const h = a.headline;
  return [
    `${a.id}  ${a.kind === 'photo' ? '[photo] ' : ''}${a.title}`,
    `    title: ${TITLE_ORIGIN[a.titleOrigin]}${h?.kicker ? ` · kicker: ${h.kicker}` : ''}${h?.subhead ? ` · subhead: ${h.subhead}` : ''}`,
    ...(a.groupHeadline ? [`    group headline: ${a.groupHeadline}`] : []),
  ];
}

function dateLine(a: Article): string {
  if (!a.date) return '    date: none (the text names no day)';
  const year = a.yearSource ? `, year: ${a.yearSource}` : '';
  const where = a.dateEvidence ? `, from the ${a.dateEvidence.where} "${a.dateEvidence.text}"` : '';
  const shown = a.dateOrigin === 'page-estimate' ? `约 ${a.date}` : a.date;
  return `    date: ${shown} (${a.dateOrigin}${where}${year})`;
}

function textLines(a: Article, chunks: number): string[] {
  const mentioned = a.mentionedDates.map(
    (d) => `${d.text.replace(/\s+/gu, '')}=${d.to ? `${d.date}..${d.to}` : d.date}`,
  );
  return [
    ...(mentioned.length > 0 ? [`    mentions: ${mentioned.join(', ')}`] : []),
    `    ${a.source} · ${a.file}${a.captions ? ` · ${counted(a.captions.length, 'caption')}` : ''} · ${counted(chunks, 'chunk')}`,
    `    ${Array.from(a.text).slice(0, 60).join('').replace(/\n/gu, ' ')}…`,
  ];
}

const jsonRow = (a: Article, chunks: number): Record<string, unknown> => ({
  id: a.id,
  kind: a.kind,
  title: a.title,
  titleOrigin: a.titleOrigin,
  headline: a.headline ?? null,
  groupHeadline: a.groupHeadline ?? null,
  date: a.date ?? null,
  dateOrigin: a.dateOrigin,
  dateEvidence: a.dateEvidence ?? null,
  yearSource: a.yearSource ?? null,
  datePartial: a.datePartial,
  mentionedDates: a.mentionedDates,
  source: a.source,
  url: a.url ?? null,
  file: a.file,
  byline: a.byline,
  captions: a.captions ?? [],
  chunks,
  text: a.text,
});

run(async () => {
  const { values } = parseCli(USAGE, {
    corpus: { type: 'string' },
    json: { type: 'boolean' },
    sources: { type: 'boolean' },
  });
  const config = cliConfig();
  if (values.sources) {
    const sourcesDir = values.corpus ? join(values.corpus, 'sources') : config.sourcesDir;
    const statuses = currentSourceStatuses({ ...config, sourcesDir });
    process.stdout.write(
      values.json ? `${JSON.stringify({ sources: statuses }, null, 2)}\n` : `${statusLines(statuses).join('\n')}\n`,
    );
    return;
  }
  const corpus = await readCorpus(values.corpus ?? config.CORPUS_DIR);
  for (const w of corpus.warnings) process.stderr.write(`warning: ${formatWarning(w)}\n`);
  const rows = corpus.articles.map((a) => ({ a, chunks: chunkArticle(a, config.chunking).length }));
  if (values.json) {
    const articles = rows.map(({ a, chunks }) => jsonRow(a, chunks));
    process.stdout.write(`${JSON.stringify({ articles }, null, 2)}\n`);
    return;
  }
  for (const { a, chunks } of rows)
    process.stdout.write(`${[...titleLines(a), dateLine(a), ...textLines(a, chunks)].join('\n')}\n`);
  const derived = corpus.articles.filter((a) => a.titleOrigin === 'first-sentence').length;
  const estimated = corpus.articles.filter((a) => a.dateOrigin === 'page-estimate').length;
  process.stdout.write(
    `\n${corpus.articles.length} articles from ${corpus.files.length} files (${derived} with derived titles, ${estimated} with estimated dates)${corpus.warnings.length ? `, ${corpus.warnings.length} warnings` : ''}\n`,
  );
});
