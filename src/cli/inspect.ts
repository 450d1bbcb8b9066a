import { chunkArticle } from '../ingest/chunk.js';
import { formatWarning, readCorpus } from '../ingest/read-corpus.js';
import { cliConfig, parseCli, run } from './args.js';

const USAGE = `usage: npm run -s inspect -- [--corpus DIR] [--json]

Shows the articles found in a corpus (id, title, date and where it came from, paper, chunks, first characters),
so the splitting can be checked before indexing. --json prints only JSON on stdout.`;

run(async () => {
  const { values } = parseCli(USAGE, { corpus: { type: 'string' }, json: { type: 'boolean' } });
  const config = cliConfig();
  const corpus = await readCorpus(values.corpus ?? config.CORPUS_DIR);
  for (const w of corpus.warnings) process.stderr.write(`warning: ${formatWarning(w)}\n`);
  const chunking = config.chunking;
  const rows = corpus.articles.map((a) => ({ a, chunks: chunkArticle(a, chunking).length }));
  if (values.json) {
    const articles = rows.map(({ a, chunks }) => ({
      id: a.id,
      title: a.title,
      date: a.date ?? null,
      dateOrigin: a.dateOrigin,
      yearSource: a.yearSource ?? null,
      source: a.source,
      url: a.url ?? null,
      kind: a.kind,
      file: a.file,
      byline: a.byline,
      chunks,
      text: a.text,
    }));
    process.stdout.write(`${JSON.stringify({ articles }, null, 2)}\n`);
    return;
  }
  for (const { a, chunks } of rows) {
    const date = a.date ? `${a.date} (${a.dateOrigin}${a.yearSource ? `, year: ${a.yearSource}` : ''})` : 'no date';
    process.stdout.write(
      `${a.id}  ${a.kind === 'photo' ? '[photo] ' : ''}${a.title}\n    ${date} · ${a.source} · ${a.file} · ${chunks} chunk${chunks === 1 ? '' : 's'}\n    ${Array.from(a.text).slice(0, 60).join('').replace(/\n/gu, ' ')}…\n`,
    );
  }
  process.stdout.write(
    `\n${corpus.articles.length} articles from ${corpus.files.length} files${corpus.warnings.length ? `, ${corpus.warnings.length} warnings` : ''}\n`,
  );
});
