import { dirname, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { readCurrent } from '../index/store.js';
import type { Logger } from '../log.js';
import { SourceSchedule } from './schedule.js';
import { readSourcesFile } from './sources-file.js';

// The sources inside `npm start`: the schedule from SOURCES_FILE, or nothing when there is no such file.

/** The schedule, not yet started; undefined without a sources file. Throws SourcesFileError for a broken one. */
export function openSourceSchedule(config: Config, log: Logger): SourceSchedule | undefined {
  const file = readSourcesFile(config.SOURCES_FILE);
  if (!file) {
    log.info(`no sources file at ${config.SOURCES_FILE}: nothing is fetched by itself (README "Live sources")`);
    return undefined;
  }
  return new SourceSchedule({ file, log, baseDir: dirname(resolve(config.SOURCES_FILE)) });
}

/** Whether an index is there; a damaged or old one counts (opening it says what is wrong and how to fix it). */
function hasIndex(indexDir: string): boolean {
  try {
    return readCurrent(indexDir) !== undefined;
  } catch {
    return true;
  }
}

/** When there is no index yet, run every source once now: it builds the index before anything can be served. */
export async function firstRunWithoutIndex(schedule: SourceSchedule, config: Config, log: Logger): Promise<void> {
  if (hasIndex(config.INDEX_DIR)) return;
  log.info('no index yet: fetching the sources once to build it');
  await schedule.runNow(undefined, 'first run');
}
