import { createHash } from 'node:crypto';
import type { Logger } from '../log.js';
import { accept, type Candidate, type Outcome, rejectKey, type SourceRef } from './accept.js';
import type { Fetched, HttpClient } from './http.js';
import type { Source, SourcesFile } from './sources-file.js';
import type { SourceState } from './state.js';

// What one source's run works with, and what it reports: every article added, changed or skipped and why, and every
// problem that did not stop the run (a page that failed, a PDF page that needs OCR).

export interface RunContext {
  source: Source;
  file: SourcesFile;
  /** Folder of the sources file: a folder source's relative path starts there. */
  baseDir: string;
  /** Where the fetched articles are written: never read back as a source. */
  sourcesDir: string;
  http: HttpClient;
  state: SourceState;
  log: Logger;
  /** Today in the sources' time zone. */
  today: string;
  outcomes: Outcome[];
  problems: string[];
}

export const refOf = (s: Source): SourceRef => ({ name: s.name, paper: s.paper });

function logOutcome(ctx: RunContext, o: Outcome): void {
  const at = `[${ctx.source.name}]`;
  if (o.kind === 'added') ctx.log.info(`${at} added "${o.title}"${o.url ? ` (${o.url})` : ''}`);
  else if (o.kind === 'changed') ctx.log.info(`${at} changed "${o.title}": ${o.why}`);
  else if (o.reason === 'unchanged') ctx.log.debug(`${at} unchanged: ${o.key}`);
  else ctx.log.info(`${at} skipped ${o.key}: ${o.reason}`);
}

/** Record an article (de-duplicated) in its own transaction. */
export function take(ctx: RunContext, c: Candidate): Outcome {
  const o = ctx.state.tx(() => accept(ctx.state, refOf(ctx.source), c, ctx.today));
  ctx.outcomes.push(o);
  logOutcome(ctx, o);
  return o;
}

/** Record a key that gave no article, so it is not fetched again until its entry changes. */
export function reject(
  ctx: RunContext,
  key: string,
  entryHash: string | undefined,
  status: 'no-text' | 'unreadable',
  reason: string,
): void {
  const o = ctx.state.tx(() => rejectKey(ctx.state, refOf(ctx.source), key, entryHash, status, reason));
  ctx.outcomes.push(o);
  logOutcome(ctx, o);
}

export function skip(ctx: RunContext, key: string, reason: string): void {
  const o: Outcome = { kind: 'skipped', key, reason };
  ctx.outcomes.push(o);
  logOutcome(ctx, o);
}

export function problem(ctx: RunContext, message: string): void {
  ctx.problems.push(message);
  ctx.log.warn(`[${ctx.source.name}] ${message}`);
}

export type Changed = { fetched: Extract<Fetched, { notModified: false }>; commit: () => void };

/**
 * GET a URL unless it is as it was: a 304 to the stored validators, or the same bytes as last time. `commit` stores
 * the new validators; call it once what the body held is recorded, so a crash in between fetches it again.
 */
export async function fetchChanged(ctx: RunContext, url: string, accept: string): Promise<Changed | undefined> {
  const v = ctx.state.validators(url);
  const got = await ctx.http.get(
    url,
    { etag: v?.etag ?? undefined, lastModified: v?.last_modified ?? undefined },
    accept,
  );
  if (got.notModified) return undefined;
  const bodyHash = createHash('sha1').update(got.bytes).digest('hex');
  const commit = (): void => ctx.state.setValidators(url, { etag: got.etag, lastModified: got.lastModified, bodyHash });
  if (v?.body_hash === bodyHash) {
    commit();
    return undefined;
  }
  return { fetched: got, commit };
}
