import type { Config } from '../config/config.js';
import { IndexLoadError } from '../index/store.js';
import type { Logger } from '../log.js';
import type { Archive } from '../search/archive.js';
import { LiveArchive } from '../search/live-archive.js';
import { openArchive } from '../search/open.js';
import { fail } from './args.js';

// Every command that answers from the index opens it here: an index that cannot be loaded ends the command with
// exit code 1 and the index's own message, which names the problem and the command that fixes it.

async function orExit<T>(opening: Promise<T>): Promise<T> {
  try {
    return await opening;
  } catch (e) {
    if (e instanceof IndexLoadError) fail(e.message, 1);
    throw e;
  }
}

/** The archive in `indexDir` (default: INDEX_DIR), for a command that answers and exits. */
export function openArchiveOrExit(config: Config, log: Logger, indexDir?: string): Promise<Archive> {
  return orExit(openArchive(config, log, indexDir ? { indexDir } : {}));
}

/** The archive in INDEX_DIR, swapped for the new one when `index` rewrites it, for a command that keeps serving. */
export function openLiveArchiveOrExit(config: Config, log: Logger): Promise<LiveArchive> {
  return orExit(LiveArchive.open(config, log));
}
