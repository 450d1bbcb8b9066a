import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, watch } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Cron } from 'croner';
import type { Logger } from '../log.js';
import type { FetchReport } from './run.js';
import { EXIT_SOURCE_FAILED } from './run.js';
import { type SourcesFile, scheduleOf } from './sources-file.js';

// The sources' schedules inside a long-running process (`npm start`). Each run is `ingest` in a child process, so
// parsing, layout and embedding never stall the bot's event loop; the bot picks the new index up when it is written.
// Runs never overlap: sources that come due while one runs wait, and go together in the next.

export interface RunResult {
  sources: string[];
  startedAt: number;
  /** The child's exit code: 0, EXIT_SOURCE_FAILED (some sources failed, the rest indexed), or another failure. */
  code: number | null;
  report?: FetchReport;
  ms: number;
  why: string;
}

export interface ScheduleOptions {
  file: SourcesFile;
  log: Logger;
  /** The child's environment (default: this process's, so it reads the same settings). */
  env?: NodeJS.ProcessEnv;
  /** The sources file's folder: a folder source's relative path starts there. */
  baseDir?: string;
}

/** A folder source runs this long after the last change under it (a copy in progress settles first). */
export const WATCH_SETTLE_MS = 3000;

/** This build's ingest command: compiled JavaScript next to this module, or the TypeScript source through tsx. */
export function ingestCommand(): { cmd: string; args: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js'))
    return { cmd: process.execPath, args: [fileURLToPath(new URL('../cli/ingest.js', import.meta.url))] };
  return {
    cmd: process.execPath,
    args: ['--import', 'tsx', fileURLToPath(new URL('../cli/ingest.ts', import.meta.url))],
  };
}

export class SourceSchedule {
  private readonly jobs: { cron: Cron; names: string[] }[] = [];
  private readonly pending = new Set<string>();
  private pendingWhy = '';
  private child: ChildProcess | undefined;
  private waiters: (() => void)[] = [];
  private stopped = false;
  private onFinished: ((r: RunResult) => void) | undefined;
  private readonly watchers: { watcher: FSWatcher; timer?: NodeJS.Timeout }[] = [];

  constructor(private readonly o: ScheduleOptions) {}

  /** One cron job per schedule; each enqueues its sources. `onFinished` hears of every run that ended. */
  start(onFinished?: (r: RunResult) => void): void {
    this.onFinished = onFinished;
    const bySchedule = new Map<string, string[]>();
    for (const s of this.o.file.sources.filter((x) => x.enabled)) {
      const pattern = scheduleOf(this.o.file, s);
      bySchedule.set(pattern, [...(bySchedule.get(pattern) ?? []), s.name]);
    }
    for (const [pattern, names] of bySchedule) {
      const job = new Cron(pattern, { timezone: this.o.file.timezone, catch: true }, () =>
        this.enqueue(names, 'scheduled'),
      );
      this.jobs.push({ cron: job, names });
      this.o.log.info(
        `sources: ${names.join(', ')} at "${pattern}" (${this.o.file.timezone}); next ${job.nextRun()?.toISOString() ?? 'never'}`,
      );
    }
    this.watchFolders();
  }

  /** Folder sources are watched too: a file written under one queues its source once the folder settles. */
  private watchFolders(): void {
    for (const s of this.o.file.sources) {
      if (s.kind !== 'folder' || !s.enabled) continue;
      const dir = resolve(this.o.baseDir ?? '.', s.path);
      try {
        const w: { watcher: FSWatcher; timer?: NodeJS.Timeout } = {
          watcher: watch(dir, { recursive: true }, (_event, name) => {
            if (name && /(^|\/)\./u.test(String(name))) return; // hidden and temporary files
            clearTimeout(w.timer);
            w.timer = setTimeout(
              () => this.enqueue([s.name], `${name ?? 'a file'} changed in ${s.path}`),
              WATCH_SETTLE_MS,
            );
          }),
        };
        this.watchers.push(w);
        this.o.log.info(`sources: watching ${dir} for ${s.name}`);
      } catch (e) {
        this.o.log.warn(`sources: cannot watch ${dir} (${(e as Error).message}); ${s.name} runs on its schedule only`);
      }
    }
  }

  /** The next time each source runs. */
  nextRuns(): { sources: string[]; at: Date | null }[] {
    return this.jobs.map((j) => ({ sources: j.names, at: j.cron.nextRun() }));
  }

  /** Queue sources for a run (now if none is under way) and resolve when the queue is empty again. */
  runNow(names = this.o.file.sources.filter((s) => s.enabled).map((s) => s.name), why = 'asked for'): Promise<void> {
    this.enqueue(names, why);
    return this.idle();
  }

  /** Resolves when no run is under way or waiting. */
  idle(): Promise<void> {
    if (!this.child && this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private enqueue(names: string[], why: string): void {
    if (this.stopped) return;
    for (const n of names) this.pending.add(n);
    this.pendingWhy = why;
    if (this.child) this.o.log.info(`sources: ${names.join(', ')} due; waiting for the run under way`);
    else this.next();
  }

  private next(): void {
    if (this.stopped || this.pending.size === 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const r of w) r();
      return;
    }
    const names = [...this.pending];
    this.pending.clear();
    this.spawnRun(names, this.pendingWhy);
  }

  private spawnRun(names: string[], why: string): void {
    const { cmd, args } = ingestCommand();
    const t0 = Date.now();
    this.o.log.info(`sources: running ${names.join(', ')} (${why})`);
    const child = spawn(cmd, [...args, '--json', ...names.flatMap((n) => ['--source', n])], {
      env: this.o.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    createInterface({ input: child.stderr! }).on('line', (line) => this.o.log.info(`ingest: ${line}`));
    child.on('error', (e) => this.o.log.error(`sources: cannot start the ingest (${e.message})`));
    child.on('close', (code) => {
      this.child = undefined;
      const result = this.result(names, code, out, t0, why);
      this.onFinished?.(result);
      this.next();
    });
  }

  private result(names: string[], code: number | null, out: string, startedAt: number, why: string): RunResult {
    const ms = Date.now() - startedAt;
    let report: FetchReport | undefined;
    try {
      report = JSON.parse(out.trim().split('\n').pop() ?? '') as FetchReport;
    } catch {
      /* no report: the run failed before it (the log says why) */
    }
    const secs = (ms / 1000).toFixed(1);
    if (this.stopped && code !== 0 && code !== EXIT_SOURCE_FAILED)
      this.o.log.info(
        `sources: the run under way was stopped after ${secs} s (shutting down); what it wrote is kept, the next run goes on from there`,
      );
    else if (report && (code === 0 || code === EXIT_SOURCE_FAILED)) {
      const added = report.sources.reduce((n, s) => n + s.added, 0);
      const changed = report.sources.reduce((n, s) => n + s.changed, 0);
      const failed = report.sources.filter((s) => !s.ok).map((s) => `${s.name} FAILED: ${s.error}`);
      const line = `sources: run finished in ${secs} s: ${added} added, ${changed} changed${failed.length ? `; ${failed.join('; ')}` : ''}`;
      if (failed.length) this.o.log.warn(line);
      else this.o.log.info(line);
    } else this.o.log.error(`sources: the ingest run failed (exit code ${code}) after ${secs} s; see its log above`);
    return { sources: names, startedAt, code, ...(report ? { report } : {}), ms, why };
  }

  /** Stop the schedules; a run under way is asked to stop (its writes are atomic) and awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const j of this.jobs) j.cron.stop();
    for (const w of this.watchers) {
      clearTimeout(w.timer);
      w.watcher.close();
    }
    this.pending.clear();
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
