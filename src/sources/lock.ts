import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

// One build at a time per index (an ingest, or an index run): two would race on the index and the source state. The
// lock is a hidden file in the index folder holding the owner's pid, created exclusively; a lock whose process is
// gone (killed, crashed) is taken over.

export class LockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock or throw LockedError naming who holds it; returns the release function. */
export function takeLock(indexDir: string): () => void {
  const path = join(indexDir, '.build.lock');
  // A build that fails leaves no empty index folder behind just for its lock.
  const created = !existsSync(indexDir);
  mkdirSync(indexDir, { recursive: true });
  const release = (): void => {
    rmSync(path, { force: true });
    if (created && existsSync(indexDir) && readdirSync(indexDir).length === 0) rmdirSync(indexDir);
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new LockedError(
          `another ingest or index build is running on ${indexDir} (pid ${pid}); try again when it has finished`,
        );
      rmSync(path, { force: true }); // left by a process that is gone
    }
  }
  throw new LockedError(`cannot take the ingest lock ${path}`);
}
