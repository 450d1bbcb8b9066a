import { createRequire } from 'node:module';
import type { Config } from '../config/config.js';
import { readCommit, readCurrent } from '../index/store.js';
import { createLogger, type Logger } from '../log.js';
import { LockedError, takeLock } from '../sources/lock.js';
import { EXIT_SOURCE_FAILED, type FetchReport, fetchSources } from '../sources/run.js';
import { readSourcesFile, type SourcesFile, SourcesFileError } from '../sources/sources-file.js';
import { StateError } from '../sources/state.js';
import type { LexicalMode } from '../text/tokenize.js';
import { cliConfig, fail, parseCli, run } from './args.js';
import { IndexingError, runIndexing } from './indexing.js';

const USAGE = `usage: npm run -s ingest -- [--source NAME]... [--dry-run] [--json]

Fetches every source in the sources file (SOURCES_FILE, default sources.json) once: feeds, article pages, e-paper
PDFs and folders. New and corrected articles are written to CORPUS_DIR/sources/<name>/ and the index is updated
incrementally. --source runs only the named sources; --dry-run shows what would be added or changed and writes
nothing; --json prints the run's report as JSON on stdout. Exit code 3: some source failed (the others were
indexed; every failed source keeps its earlier articles).`;

function userAgent(config: Config): string {
  const pkg = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };
  return `${pkg.name}/${pkg.version} (+${config.publicBaseUrl})`;
}

/** The live index's lexical mode, so an update does not rebuild everything in the default one. */
function lexicalModeOf(indexDir: string): LexicalMode {
  const current = readCurrent(indexDir);
  if (!current) return 'char-bigram';
  try {
    return readCommit(indexDir, current).meta.settings.lexical;
  } catch {
    return 'char-bigram'; // a damaged index: the build says so
  }
}

function loadSources(config: Config, only: string[] | undefined): SourcesFile {
  let file: SourcesFile | undefined;
  try {
    file = readSourcesFile(config.SOURCES_FILE);
  } catch (e) {
    if (e instanceof SourcesFileError) fail(e.message);
    throw e;
  }
  if (!file)
    fail(`no sources file at ${config.SOURCES_FILE} (set SOURCES_FILE); README "Live sources" has a complete example`);
  const names = file.sources.map((s) => s.name);
  const unknown = (only ?? []).filter((n) => !names.includes(n));
  if (unknown.length)
    fail(`--source ${unknown.join(', ')}: not in ${config.SOURCES_FILE} (it names ${names.join(', ')})`);
  return file;
}

function logDryRun(log: Logger, report: FetchReport): void {
  for (const s of report.sources)
    log.info(`dry run [${s.name}]: would add ${s.added}, change ${s.changed}${s.error ? `; FAILED: ${s.error}` : ''}`);
  log.info('dry run: nothing was written (state, corpus and index are as they were)');
}

run(async () => {
  const { values } = parseCli(USAGE, {
    source: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const config = cliConfig();
  const log = createLogger(config.LOG_LEVEL);
  const dryRun = Boolean(values['dry-run']);
  const file = loadSources(config, values.source);
  let release: (() => void) | undefined;
  try {
    if (!dryRun) release = takeLock(config.INDEX_DIR);
    const report = await fetchSources({
      sourcesFile: file,
      sourcesPath: config.SOURCES_FILE,
      sourcesDir: config.sourcesDir,
      ...(values.source ? { only: values.source } : {}),
      dryRun,
      userAgent: userAgent(config),
      log,
    });
    if (dryRun) logDryRun(log, report);
    else {
      const lexical = lexicalModeOf(config.INDEX_DIR);
      const options = {
        corpusDir: config.CORPUS_DIR,
        indexDir: config.INDEX_DIR,
        full: false,
        compact: false,
        lexical,
      };
      await runIndexing(config, options, log);
    }
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    if (report.sources.some((s) => !s.ok)) process.exitCode = EXIT_SOURCE_FAILED;
  } catch (e) {
    release?.();
    release = undefined;
    if (e instanceof LockedError || e instanceof StateError || e instanceof IndexingError) fail(e.message, 1);
    throw e;
  } finally {
    release?.();
  }
});
