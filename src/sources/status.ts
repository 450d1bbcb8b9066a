import type { Config } from '../config/config.js';
import type { Logger } from '../log.js';
import type { SourceReport } from './run.js';
import { statePath } from './run.js';
import { readSourcesFile, type SourcesFile } from './sources-file.js';
import { SourceState } from './state.js';

// Each source as the operator needs to see it (`inspect --sources`, the bot's /about): when it last worked, what
// went wrong last, how many articles it gave.

export interface SourceStatus {
  name: string;
  kind: string;
  paper: string;
  /** Whether sources.json still names it (a removed source's articles stay in the archive). */
  configured: boolean;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Failed runs in a row. */
  failures: number;
  articles: number;
  lastRun: Pick<SourceReport, 'added' | 'changed' | 'problems'> | null;
}

/** Statuses from the state file (read-only), with the configured sources that have not run yet. */
export function sourceStatuses(sourcesDir: string, file?: SourcesFile): SourceStatus[] {
  const state = SourceState.readOnly(statePath(sourcesDir));
  const rows = state?.sources() ?? [];
  const counts = state?.articleCounts() ?? new Map<string, number>();
  state?.close();
  const configured = new Set(file?.sources.map((s) => s.name) ?? []);
  const out: SourceStatus[] = rows.map((r) => {
    const last = r.last_summary ? (JSON.parse(r.last_summary) as SourceReport) : null;
    return {
      name: r.name,
      kind: r.kind,
      paper: r.paper,
      configured: configured.has(r.name),
      lastRunAt: r.last_run_at,
      lastSuccessAt: r.last_success_at,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
      failures: r.failures,
      articles: counts.get(r.name) ?? 0,
      lastRun: last ? { added: last.added, changed: last.changed, problems: last.problems } : null,
    };
  });
  for (const s of file?.sources ?? []) {
    if (rows.some((r) => r.name === s.name)) continue;
    out.push({
      name: s.name,
      kind: s.kind,
      paper: s.paper,
      configured: true,
      lastRunAt: null,
      lastSuccessAt: null,
      lastError: null,
      lastErrorAt: null,
      failures: 0,
      articles: 0,
      lastRun: null,
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** For a running bot's /about: the statuses, or none when they cannot be read now (never an error for the user). */
export function currentSourceStatuses(
  config: Pick<Config, 'SOURCES_FILE' | 'sourcesDir'>,
  log?: Logger,
): SourceStatus[] {
  try {
    let file: SourcesFile | undefined;
    try {
      file = readSourcesFile(config.SOURCES_FILE);
    } catch {
      file = undefined; // a broken sources file is the ingest's to report; the state still says what ran
    }
    return sourceStatuses(config.sourcesDir, file);
  } catch (e) {
    log?.warn(`source status unavailable: ${(e as Error).message}`);
    return [];
  }
}

const shortTime = (iso: string | null): string =>
  iso ? iso.replace(/:\d{2}\.\d{3}Z$/u, 'Z').replace('T', ' ') : 'never';

/** `inspect --sources` in the terminal. */
export function statusLines(statuses: SourceStatus[]): string[] {
  if (statuses.length === 0) return ['no sources have run (see README "Live sources")'];
  return statuses.flatMap((s) => [
    `${s.name}  ${s.kind} · ${s.paper}${s.configured ? '' : ' · no longer in the sources file'}`,
    `    ${s.articles} articles · last run ${shortTime(s.lastRunAt)} · last success ${shortTime(s.lastSuccessAt)}`,
    ...(s.lastError
      ? [
          `    ${s.failures > 0 ? `FAILING (${s.failures} runs in a row)` : 'last error'} ${shortTime(s.lastErrorAt)}: ${s.lastError}`,
        ]
      : []),
    ...(s.lastRun ? [`    last run: ${s.lastRun.added} added, ${s.lastRun.changed} changed`] : []),
    ...(s.lastRun?.problems ?? []).map((p) => `    problem: ${p}`),
  ]);
}
