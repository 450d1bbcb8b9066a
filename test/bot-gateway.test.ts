import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../src/bot/client.js';
import { createContext } from '../src/bot/context.js';
import { createLogger } from '../src/log.js';
import { LiveArchive } from '../src/search/live-archive.js';
import { type Harness, replyTo, startHarness } from './support/bot-harness.js';
import { APP_ID, BOT_ID, CHANNEL2_ID, FakeDiscord, snowflake, TOKEN } from './support/fake-discord.js';
import { buildTestIndex, testConfig } from './support/fixtures.js';
import { waitUntil } from './support/wait.js';

// The gateway as an operator sees it: two shards in one process, disconnects, resumes, re-identifies, and a
// refused intent, each logged by shard.

let h: Harness;
let indexDir: string;

beforeAll(async () => {
  ({ indexDir } = await buildTestIndex({}));
  h = await startHarness({ indexDir });
});

afterAll(async () => {
  await h?.stop();
});

const logged = (re: RegExp) => () => h.logs.some((l) => re.test(l));

describe('the gateway, sharded', () => {
  it('runs two shards over one archive: a server on each is answered', async () => {
    expect(h.bot.client.ws.shards.size).toBe(2);
    const id = h.fake.userMessage(`<@${BOT_ID}> 恒丰电子已申请了多少项专利？`, {
      mention: true,
      userId: snowflake(),
      channelId: CHANNEL2_ID,
    });
    const reply = await h.fake.waitFor(replyTo(id, CHANNEL2_ID));
    expect(reply.body.embeds?.length).toBe(1);
  });

  it('a dropped connection is logged, then resumed and logged', async () => {
    h.fake.closeShard(0, 4000);
    await waitUntil(logged(/^warn: gateway shard 0\/2 disconnected; reconnecting/u), 'the disconnect logged');
    await waitUntil(logged(/^gateway shard 0\/2 resumed its session \(\d+ event\(s\) replayed\)/u), 'the resume');
    expect(h.fake.gatewayLog.some((g) => g.op === 6)).toBe(true); // it sent RESUME, not IDENTIFY
    await waitUntil(() => h.bot.health().gateway.ready, 'all shards ready again');
  });

  it('an invalidated session is logged as a re-identify', async () => {
    const identifies = h.fake.identified().length;
    h.fake.invalidateSession(1);
    // discord.js waits out the identify rate limit (5 s per shard) before identifying again
    await waitUntil(logged(/^warn: gateway shard 1\/2 re-identified/u), 'the re-identify logged', 20_000);
    expect(h.fake.identified().length).toBe(identifies + 1);
    await waitUntil(() => h.bot.health().gateway.ready, 'all shards ready again');
    expect(h.bot.health().gateway.shards.map((s) => s.status)).toEqual(['Ready', 'Ready']);
  }, 30_000);
});

describe('a refused intent', () => {
  it('close code 4014 names the Message Content intent and where to turn it on', async () => {
    const fake = new FakeDiscord();
    fake.rejectMessageContent = true;
    await fake.start();
    const logs: string[] = [];
    const config = testConfig({
      INDEX_DIR: indexDir,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_REST_URL: fake.restUrl,
    });
    const log = createLogger('debug', (l) => logs.push(l));
    const live = await LiveArchive.open(config, log);
    try {
      const failure = await startBot(createContext(config, log, live), { retries: 0 }).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(failure).toMatch(/Message Content Intent/u);
      expect(failure).toContain(`https://discord.com/developers/applications/${APP_ID}/bot`);
      expect(logs.join('\n')).toMatch(/close code 4014 \(disallowed intents\)/u);
    } finally {
      live.close();
      await fake.stop();
    }
  });
});
