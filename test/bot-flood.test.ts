import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, reactionOn, replyTo, startHarness } from './support/bot-harness.js';
import { BOT_ID, CHANNEL_ID, CHANNEL2_ID, type Recorded, snowflake } from './support/fake-discord.js';
import { buildTestIndex } from './support/fixtures.js';
import { cameTrue, quantile } from './support/wait.js';

// Flood control under Discord's own per-channel send limit (5 messages per 5 s, with its rate-limit headers), with
// the bot's default limits (6 questions per user and 30 per channel a minute). Real time: about a minute.

let h: Harness;

beforeAll(async () => {
  const { indexDir } = await buildTestIndex({});
  h = await startHarness({ indexDir, fake: { channelLimit: { limit: 5, windowMs: 5000 } } });
});

afterAll(async () => {
  await h?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const QUESTIONS = ['恒丰电子已申请了多少项专利？', '雪汇食品公司总经理是谁？', '开发区选派了多少名首席服务员？'];
const answersTo = (ids: string[], channelId: string): Recorded[] =>
  h.fake.requests.filter((r) => ids.some((id) => replyTo(id, channelId)(r)));

describe('flood control under Discord rate limits', () => {
  it('a flood from one user leaves other users answered on time, and 50 people asking once all get answers', async () => {
    const [flood, crowd] = await Promise.all([floodScenario(), crowdScenario()]);
    const refused = h.fake.requests.filter((r) => r.status === 429).length;
    console.log(`flood: ${JSON.stringify(flood)}\ncrowd: ${JSON.stringify(crowd)}\nDiscord 429s: ${refused}`);
    // Nothing the bot sent was refused by Discord: it kept to the budget the headers told it.
    expect(refused).toBe(0);

    // The flooder: six answers (their per-minute limit), one notice at most, the rest silence.
    expect(flood.flooderAnswers).toBeLessThanOrEqual(6);
    expect(flood.flooderNotices).toBeLessThanOrEqual(1);
    // Everyone else on time.
    expect(flood.othersMs.length).toBe(6);
    expect(quantile(flood.othersMs, 0.95)).toBeLessThan(2000);

    // The crowd: all fifty answered with quotes, nobody told off in public.
    expect(crowd.answered).toBe(50);
    expect(crowd.notices).toBe(0);
  }, 180_000);
});

/** One user asks 30 questions in 10 s in a channel where six others ask once each, spread over the same 10 s. */
async function floodScenario() {
  const flooder = snowflake();
  const flooded: string[] = [];
  const others: { id: string; at: number }[] = [];
  const start = Date.now();
  for (let i = 0; i < 30; i++) {
    flooded.push(h.fake.userMessage(`<@${BOT_ID}> ${QUESTIONS[i % 3]}`, { mention: true, userId: flooder }));
    const t = Date.now() - start;
    if (i % 5 === 2) {
      const id = h.fake.userMessage(`<@${BOT_ID}> ${QUESTIONS[(i + 1) % 3]}`, { mention: true, userId: snowflake() });
      others.push({ id, at: Date.now() });
    }
    await sleep(Math.max(0, (i + 1) * 333 - t));
  }
  const answered = (id: string) => answersTo([id], CHANNEL_ID).some((r) => r.body.embeds?.length);
  await cameTrue(() => others.every((o) => answered(o.id)), 30_000);
  // the flooder's answers drain after the others'
  await cameTrue(() => answersTo(flooded, CHANNEL_ID).filter((r) => r.body.embeds?.length).length >= 6, 30_000);
  const flooderReplies = answersTo(flooded, CHANNEL_ID);
  const reactions = h.fake.requests.filter((r) => flooded.some((id) => reactionOn(id)(r)));
  return {
    othersMs: others.map((o) => {
      const answer = answersTo([o.id], CHANNEL_ID).find((r) => r.body.embeds?.length);
      return answer ? answer.at - o.at : Number.POSITIVE_INFINITY;
    }),
    flooderAnswers: flooderReplies.filter((r) => r.body.embeds?.length).length,
    flooderNotices: flooderReplies.filter((r) => !r.body.embeds?.length).length + reactions.length,
  };
}

/** Fifty people ask once each, all within two seconds, in one channel. */
async function crowdScenario() {
  const start = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    ids.push(
      h.fake.userMessage(`<@${BOT_ID}> ${QUESTIONS[i % 3]}`, {
        mention: true,
        userId: snowflake(),
        channelId: CHANNEL2_ID,
      }),
    );
    await sleep(40);
  }
  await cameTrue(() => answersTo(ids, CHANNEL2_ID).length >= 50, 120_000);
  const replies = answersTo(ids, CHANNEL2_ID);
  return {
    answered: replies.filter((r) => r.body.embeds?.length).length,
    notices:
      replies.filter((r) => !r.body.embeds?.length).length +
      h.fake.requests.filter((r) => ids.some((id) => reactionOn(id)(r))).length,
    lastMs: Math.max(...replies.map((r) => r.at)) - start,
  };
}
