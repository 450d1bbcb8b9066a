import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

// One ingest at a time per corpus: two would race on the index and the state. The lock is a file holding the
// owner's pid, created exclusively; a lock whose process is gone (killed, crashed) is taken over.

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
export function takeLock(sourcesDir: string): () => void {
  const path = join(sourcesDir, '.ingest.lock');
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new LockedError(`another ingest is running (pid ${pid}); try again when it has finished`);
      rmSync(path, { force: true }); // left by a process that is gone
    }
  }
  throw new LockedError(`cannot take the ingest lock ${path}`);
}
