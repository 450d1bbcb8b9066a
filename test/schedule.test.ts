import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { type RunResult, SourceSchedule } from '../src/sources/schedule.js';
import { parseSourcesFile } from '../src/sources/sources-file.js';
import { TEST_MODEL_NAME } from '../tools/make-test-model.js';
import { TEST_MODEL_DIR, tempDir } from './support/fixtures.js';

// The schedule's own promises: runs never overlap (sources due meanwhile go together in the next run), and a folder
// source runs when a file is written under it, whatever its cron says; a shutdown mid-run is not a failure.

function setup(): { dir: string; env: NodeJS.ProcessEnv; file: ReturnType<typeof parseSourcesFile> } {
  const dir = tempDir('schedule');
  for (const d of ['corpus', 'a', 'b']) mkdirSync(join(dir, d));
  const json = {
    schedule: '0 0 1 1 *',
    sources: [
      { name: 'a', paper: '濮阳日报', kind: 'folder', path: 'a' },
      { name: 'b', paper: '濮阳日报', kind: 'folder', path: 'b' },
    ],
  };
  writeFileSync(join(dir, 'sources.json'), JSON.stringify(json));
  return {
    dir,
    file: parseSourcesFile(JSON.stringify(json), join(dir, 'sources.json')),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CORPUS_DIR: join(dir, 'corpus'),
      INDEX_DIR: join(dir, 'index'),
      SOURCES_FILE: join(dir, 'sources.json'),
      EMBEDDING_MODEL: TEST_MODEL_NAME,
      MODEL_DIR: TEST_MODEL_DIR,
      ALLOW_REMOTE_MODELS: 'false',
      EMBEDDING_DTYPE: 'fp32',
    },
  };
}

describe('the sources schedule', () => {
  it('never runs two ingests at once: sources due during a run go together in the next', async () => {
    const { dir, env, file } = setup();
    copyFileSync('data/sample/000_7fb74385c778d7a9.txt', join(dir, 'a', '2020-06-19.txt'));
    copyFileSync('data/sample/001_ee0f4ca5fc9aae66.txt', join(dir, 'b', '2020-03-18.txt'));
    const runs: RunResult[] = [];
    const schedule = new SourceSchedule({ file, log: createLogger('error', () => {}), env, baseDir: dir });
    schedule.start((r) => runs.push(r));
    const first = schedule.runNow(['a'], 'first');
    void schedule.runNow(['b'], 'second');
    void schedule.runNow(['a'], 'third');
    await first;
    await schedule.stop();
    expect(runs.map((r) => [r.sources, r.code])).toEqual([
      [['a'], 0],
      [['b', 'a'], 0],
    ]);
    expect(runs[1]!.startedAt).toBeGreaterThanOrEqual(runs[0]!.startedAt + runs[0]!.ms);
    // In the second run, b is new and a has nothing new.
    const second = Object.fromEntries(runs[1]!.report!.sources.map((s) => [s.name, s.added]));
    expect(second.a).toBe(0);
    expect(second.b).toBeGreaterThan(0);
  }, 180_000);

  it('a file written into a folder source starts its run', async () => {
    const { dir, env, file } = setup();
    const runs: RunResult[] = [];
    const schedule = new SourceSchedule({ file, log: createLogger('error', () => {}), env, baseDir: dir });
    const ran = new Promise<void>((resolve) =>
      schedule.start((r) => {
        runs.push(r);
        resolve();
      }),
    );
    copyFileSync('data/sample/004_6062cc997fbd3bd9.txt', join(dir, 'b', '2020-04-29.txt'));
    await ran;
    await schedule.idle();
    await schedule.stop();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      sources: ['b'],
      code: 0,
      why: expect.stringMatching(/2020-04-29\.txt changed in b/u),
    });
    expect(runs[0]!.report!.sources[0]!.added).toBeGreaterThan(0);
  }, 180_000);

  it('stopped during a run (npm start shutting down), the run ends and says so; the next run goes on from there', async () => {
    const { dir, env, file } = setup();
    copyFileSync('data/sample/000_7fb74385c778d7a9.txt', join(dir, 'a', '2020-06-19.txt'));
    const lines: string[] = [];
    const runs: RunResult[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    const schedule = new SourceSchedule({ file, log, env, baseDir: dir });
    schedule.start((r) => runs.push(r));
    void schedule.runNow(['a'], 'first');
    await new Promise((r) => setTimeout(r, 300)); // the child has started, and is far from done
    await schedule.stop();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.code).not.toBe(0);
    expect(lines.join('\n')).toMatch(/the run under way was stopped after [\d.]+ s \(shutting down\)/u);
    expect(lines.join('\n')).not.toMatch(/ingest run failed/u);
    const again = new SourceSchedule({ file, log, env, baseDir: dir });
    const next: RunResult[] = [];
    again.start((r) => next.push(r));
    await again.runNow(['a'], 'after the restart');
    await again.stop();
    expect(next.map((r) => r.code)).toEqual([0]);
    expect(next[0]!.report!.sources[0]!.added).toBeGreaterThan(0);
  }, 180_000);
});
