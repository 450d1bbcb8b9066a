import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../log.js';
import type { Archive } from './archive.js';
import { openArchive } from './open.js';

/**
 * The archive a long-running process serves. When `index` writes a new version, the new one is loaded and swapped
 * in; a version that fails to load leaves the old one serving, and the reason is logged.
 */
export class LiveArchive {
  private constructor(
    private archive: Archive,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  static async open(config: Config, log: Logger): Promise<LiveArchive> {
    return new LiveArchive(await openArchive(config, log), config, log);
  }

  get current(): Archive {
    return this.archive;
  }

  /** Load the live version again if it changed; true when a new one was swapped in. */
  async reload(): Promise<boolean> {
    try {
      const embedder =
        this.archive.mode === 'hybrid' ? this.archive.embedderFor(this.archive.data.meta.model!.name) : undefined;
      // The mode is logged when it changes, not on every reload.
      const next = await openArchive(this.config, this.log, { quiet: true, ...(embedder ? { embedder } : {}) });
      if (next.data.version === this.archive.data.version) return false;
      const before = modeLine(this.archive);
      const old = this.archive;
      this.archive = next;
      // The old version's search threads stop; a question still being answered on it searches on this thread.
      void old.close();
      this.log.info(`index reloaded: ${next.data.meta.counts.articles} articles, version ${next.data.version}`);
      if (modeLine(next) !== before) this.log.warn(`search mode changed: ${modeLine(next)} (was ${before})`);
      return true;
    } catch (e) {
      this.log.warn(
        `the new index could not be loaded; still serving version ${this.archive.data.version}: ${(e as Error).message}`,
      );
      return false;
    }
  }

  /** Watch the index's CURRENT file (polling: works on every file system). */
  watch(intervalMs = 2000): void {
    watchFile(join(this.config.INDEX_DIR, 'CURRENT'), { interval: intervalMs }, (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs) void this.reload();
    });
  }

  close(): Promise<void> {
    unwatchFile(join(this.config.INDEX_DIR, 'CURRENT'));
    return this.archive.close();
  }
}

const modeLine = (a: Archive): string =>
  a.mode === 'hybrid' ? 'hybrid' : `LEXICAL SEARCH ONLY${a.modeReason ? `: ${a.modeReason}` : ''}`;
