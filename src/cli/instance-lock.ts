import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One bot per token on a machine: a second `npm start` with the same DISCORD_TOKEN would log in beside the first and
// answer every question twice. The lock is a Unix socket named by a hash of the token (never the token itself): the
// kernel frees it when the process dies, however it dies, and a live holder answers with its pid.

export interface InstanceLock {
  release(): void;
}

export type LockResult = { ok: true; lock: InstanceLock } | { ok: false; holderPid: string; path: string };

export function lockPath(token: string, dir = tmpdir()): string {
  const hash = createHash('sha256').update(token).digest('hex').slice(0, 16);
  return join(dir, `local-news-bot-${hash}.sock`);
}

function listen(server: Server, path: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    server.listen(path, () => resolve(undefined));
  });
}

/** Who holds the socket: its pid, or undefined when nobody answers (a socket file left by a crash). */
function holder(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let pid = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => {
      pid += d;
    });
    socket.on('end', () => resolve(pid.trim() || '?'));
    socket.on('error', () => resolve(undefined));
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve('?');
    });
  });
}

export async function lockInstance(token: string, dir?: string): Promise<LockResult> {
  const path = lockPath(token, dir);
  for (let attempt = 0; attempt < 2; attempt++) {
    const server = createServer((socket) => socket.end(`${process.pid}\n`));
    const error = await listen(server, path);
    if (!error) {
      server.unref();
      return { ok: true, lock: { release: () => server.close() } };
    }
    if (error.code !== 'EADDRINUSE') throw error;
    const pid = await holder(path);
    if (pid !== undefined) return { ok: false, holderPid: pid, path };
    unlinkSync(path); // stale: its process is gone
  }
  throw new Error(`cannot take the instance lock ${path}`);
}
