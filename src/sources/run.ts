import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import type { Outcome } from './accept.js';
import type { RunContext } from './context.js';
import { writeDirtyFiles } from './corpus-files.js';
import { dayIn } from './dates.js';
import { runFeed } from './feed-source.js';
import { runFolder } from './folder-source.js';
import { HttpClient } from './http.js';
import { runPages } from './pages-source.js';
import { runPdf } from './pdf-source.js';
import type { Source, SourcesFile } from './sources-file.js';
import { SourceState, STATE_FILE } from './state.js';

// The fetching stage: every source once (each on its own; per-host politeness is the HTTP client's), articles
// de-duplicated into the state, and the corpus files that changed written. A source that fails is reported with its
// error and keeps what it gave before; the others go on.

export interface SourceReport {
  name: string;
  kind: Source['kind'];
  ok: boolean;
  error?: string;
  added: number;
  changed: number;
  /** Skipped, by reason ("unchanged", "duplicate of …", "no article text …"). */
  skipped: Record<string, number>;
  problems: string[];
  ms: number;
}

export interface FetchReport {
  sources: SourceReport[];
  /** Corpus files written, relative to the corpus folder. */
  written: string[];
  dryRun: boolean;
}

export interface FetchOptions {
  sourcesFile: SourcesFile;
  /** Path of the sources file: a folder source's relative path starts beside it. */
  sourcesPath: string;
  /** CORPUS_DIR/sources */
  sourcesDir: string;
  /** Only these sources (all enabled ones when undefined). */
  only?: string[];
  dryRun: boolean;
  userAgent: string;
  log: Logger;
}

/** `ingest`'s exit code when some sources failed and the rest were indexed. */
export const EXIT_SOURCE_FAILED = 3;

export const statePath = (sourcesDir: string): string => join(sourcesDir, STATE_FILE);

function summarize(outcomes: Outcome[]): Pick<SourceReport, 'added' | 'changed' | 'skipped'> {
  const skipped: Record<string, number> = {};
  let added = 0;
  let changed = 0;
  for (const o of outcomes) {
    if (o.kind === 'added') added++;
    else if (o.kind === 'changed') changed++;
    else {
      // Group "duplicate of …" and "no article text (…)" reasons by their kind, not their details.
      const reason = o.reason.replace(/\s*\(.*$/u, '').replace(/^duplicate of .*/u, 'duplicate');
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    }
  }
  return { added, changed, skipped };
}

async function runOne(ctx: RunContext): Promise<void> {
  const s = ctx.source;
  switch (s.kind) {
    case 'feed':
      return runFeed(ctx, s);
    case 'pages':
      return runPages(ctx, s);
    case 'pdf':
      return runPdf(ctx, s);
    case 'folder':
      return runFolder(ctx, s);
  }
}

async function runSource(
  base: Omit<RunContext, 'source' | 'outcomes' | 'problems'>,
  source: Source,
): Promise<SourceReport> {
  const t0 = performance.now();
  const ctx: RunContext = { ...base, source, outcomes: [], problems: [] };
  const run = base.state.startRun(source.name, source.kind, source.paper);
  let error: string | undefined;
  try {
    await runOne(ctx);
  } catch (e) {
    error = (e as Error).message;
  }
  const report: SourceReport = {
    name: source.name,
    kind: source.kind,
    ok: error === undefined,
    ...(error ? { error } : {}),
    ...summarize(ctx.outcomes),
    problems: ctx.problems,
    ms: Math.round(performance.now() - t0),
  };
  base.state.finishRun(run, source.name, report, error);
  const reasons = Object.entries(report.skipped);
  const skipped = reasons.reduce((n, [, k]) => n + k, 0);
  const why = reasons.length ? ` (${reasons.map(([r, n]) => `${r}: ${n}`).join(', ')})` : '';
  const line = `[${source.name}] ${report.added} added, ${report.changed} changed, ${skipped} skipped${why}${report.problems.length ? `, ${report.problems.length} problems` : ''} (${report.ms} ms)`;
  if (error) base.log.error(`[${source.name}] FAILED: ${error}; its articles from earlier runs are kept. ${line}`);
  else base.log.info(line);
  return report;
}

/** Run the sources once. Throws only for what stops every source (the state cannot be opened). */
export async function fetchSources(o: FetchOptions): Promise<FetchReport> {
  const file = statePath(o.sourcesDir);
  const state = o.dryRun ? SourceState.copyOf(file) : SourceState.open(file);
  try {
    // Files a crashed run left unwritten first.
    if (!o.dryRun) writeDirtyFiles(state, o.sourcesDir);
    const chosen = o.sourcesFile.sources.filter((s) => (o.only ? o.only.includes(s.name) : s.enabled));
    const http = new HttpClient({ ...o.sourcesFile.fetch, userAgent: o.sourcesFile.userAgent ?? o.userAgent }, o.log);
    const base = {
      file: o.sourcesFile,
      baseDir: dirname(resolve(o.sourcesPath)),
      sourcesDir: resolve(o.sourcesDir),
      http,
      state,
      log: o.log,
      today: dayIn(Date.now(), o.sourcesFile.timezone),
    };
    const sources = await Promise.all(chosen.map((s) => runSource(base, s)));
    const written = o.dryRun ? [] : writeDirtyFiles(state, o.sourcesDir).map((f) => `sources/${f}`);
    return { sources, written, dryRun: o.dryRun };
  } finally {
    state.close();
  }
}
