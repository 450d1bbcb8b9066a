import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackOf, editOf } from './support/bot-harness.js';
import { APP_ID, FakeDiscord, snowflake, TOKEN } from './support/fake-discord.js';
import { buildTestIndex, TEST_MODEL_DIR, tempDir } from './support/fixtures.js';
import { waitUntil } from './support/wait.js';

// The bot started exactly as the README says (npm start), stopped as supervisors stop it: SIGTERM to npm (pm2,
// supervisord), SIGINT to the process group (Ctrl-C), SIGTERM to PID 1 of a PID namespace (docker stop). Each time
// the deferred /ask edit under way arrives and the exit status is 0.

let fake: FakeDiscord;
let indexDir: string;
/** The instance lock lives in the temporary folder: one of the tests' own, so other test runs never collide. */
let lockDir: string;

beforeAll(async () => {
  if (!existsSync('dist/cli/start.js')) throw new Error('dist/cli/start.js is missing: run npm run build');
  fake = new FakeDiscord();
  await fake.start();
  ({ indexDir } = await buildTestIndex({}));
  lockDir = tempDir('lock');
});

afterAll(async () => {
  await fake?.stop();
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Started {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

async function npmStart(prefix: string[] = [], port?: number, env: Record<string, string> = {}): Promise<Started> {
  const [cmd, ...args] = [...prefix, 'npm', 'start'];
  const child = spawn(cmd!, args, {
    detached: true, // its own process group, as a supervisor or a terminal gives it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: lockDir,
      npm_config_update_notifier: 'false',
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_REST_URL: fake.restUrl,
      INDEX_DIR: indexDir,
      MODEL_DIR: TEST_MODEL_DIR,
      ALLOW_REMOTE_MODELS: 'false',
      WEB_HOST: '127.0.0.1',
      WEB_PORT: String(port ?? (await freePort())),
      PUBLIC_BASE_URL: 'https://news.example.org',
      SHUTDOWN_GRACE_SECONDS: '8',
      ...env,
    },
  });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += String(d);
  });
  child.stdout!.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, stderr: () => err, exit };
}

/** The pid of a process's only child (unshare's child is the namespace's PID 1). */
function childOf(pid: number): number {
  const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/u);
  return Number(kids[0]);
}

async function ready(s: Started): Promise<void> {
  await waitUntil(() => /logged in to Discord/u.test(s.stderr()) || s.child.exitCode !== null, 'login', 30_000);
  expect(s.stderr()).toMatch(/logged in to Discord/u);
}

/** An /ask whose deferral Discord answers slowly: the signal arrives while the reply is under way. */
async function askUnderWay(): Promise<{ id: string; token: string }> {
  fake.holdNext('POST', /^\/interactions\/\d+\/[^/]+\/callback$/u, 1500);
  const i = fake.command('ask', { question: '恒丰电子已申请了多少项专利？' }, { userId: snowflake() });
  await fake.waitFor(callbackOf(i));
  return i;
}

async function stopsCleanly(s: Started, signal: () => void): Promise<void> {
  await ready(s);
  const i = await askUnderWay();
  const sentAt = Date.now();
  signal();
  const exit = await s.exit;
  const edit = fake.requests.find(editOf(i));
  expect(edit?.body.embeds?.length, `the deferred edit; log:\n${s.stderr()}`).toBe(1);
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(exit.at - sentAt).toBeLessThan(13_000); // SHUTDOWN_GRACE_SECONDS + 5
  expect(s.stderr()).toMatch(/finishing replies under way/u);
}

const canUnshare = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

describe('npm start, stopped as supervisors stop it', () => {
  it('SIGTERM to npm (pm2, supervisord)', async () => {
    const s = await npmStart();
    await stopsCleanly(s, () => process.kill(s.child.pid!, 'SIGTERM'));
  }, 60_000);

  it('SIGTERM to the process group (systemctl stop: npm and the bot both get it)', async () => {
    const s = await npmStart();
    await stopsCleanly(s, () => process.kill(-s.child.pid!, 'SIGTERM'));
  }, 60_000);

  it('SIGINT to the process group (Ctrl-C in a terminal)', async () => {
    const s = await npmStart();
    await stopsCleanly(s, () => process.kill(-s.child.pid!, 'SIGINT'));
  }, 60_000);

  it.runIf(canUnshare)(
    'SIGTERM to PID 1 of a PID namespace (docker stop)',
    async () => {
      const s = await npmStart(['unshare', '--pid', '--fork', '--mount-proc']);
      await ready(s);
      const pid1 = childOf(s.child.pid!);
      expect(readFileSync(`/proc/${pid1}/status`, 'utf8')).toMatch(/^NSpid:\s+\d+\s+1$/mu);
      await stopsCleanly(s, () => process.kill(pid1, 'SIGTERM'));
    },
    60_000,
  );

  it('serves /healthz and /metrics, and warns when citation links are local only', async () => {
    const port = await freePort();
    const s = await npmStart([], port, { PUBLIC_BASE_URL: '' });
    await ready(s);
    expect(s.stderr()).toMatch(
      new RegExp(`PUBLIC_BASE_URL is not set: citation links point at http://127\\.0\\.0\\.1:${port}, which only`, 'u'),
    );
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { gateway: { shards: { id: number; ready: boolean }[] }; index: object };
    expect(body.gateway.shards.map((x) => [x.id, x.ready])).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(body.index).toMatchObject({ mode: 'lexical' });
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(await metrics.text()).toMatch(/^newsbot_gateway_shard_ready\{shard="0"\} 1$/mu);
    process.kill(s.child.pid!, 'SIGTERM');
    expect((await s.exit).code).toBe(0);
  }, 60_000);

  it('a second instance on the same token and port fails fast, naming the first', async () => {
    const port = await freePort();
    const first = await npmStart([], port);
    await ready(first);
    const bot = childOf(first.child.pid!); // npm execs node: its one child is the bot
    const startedAt = Date.now();
    const second = await npmStart([], port);
    const exit = await second.exit;
    expect(exit.code).toBe(1);
    expect(second.stderr()).toMatch(
      new RegExp(`another bot with this DISCORD_TOKEN is already running on this machine \\(pid ${bot}\\)`, 'u'),
    );
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(second.stderr()).not.toMatch(/logged in/u);
    process.kill(first.child.pid!, 'SIGTERM');
    expect((await first.exit).code).toBe(0);
  }, 60_000);
});
