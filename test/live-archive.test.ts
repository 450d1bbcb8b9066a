import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { currentVersion } from '../src/index/store.js';
import { createLogger, silentLogger } from '../src/log.js';
import { Archive } from '../src/search/archive.js';
import { LiveArchive } from '../src/search/live-archive.js';
import { buildTestIndex, sampleCopy, testConfig } from './support/fixtures.js';

describe('the live archive', () => {
  it('swaps in a rebuilt index without a restart, and keeps serving the old one when the new one is broken', async () => {
    const corpus = sampleCopy();
    const { indexDir } = await buildTestIndex({ corpusDir: corpus });
    const live = await LiveArchive.open(testConfig({ INDEX_DIR: indexDir }), silentLogger);
    expect((await live.current.ask('新产业园开园了吗')).quotes.some((q) => q.text.includes('首批入驻企业20家'))).toBe(
      false,
    );

    writeFileSync(
      join(corpus, 'feed.jsonl'),
      `${JSON.stringify({ id: 'n1', title: '新产业园开园', date: '2021-05-01', text: '5月1日，新的产业园正式开园，首批入驻企业20家。' })}\n`,
    );
    await buildTestIndex({ corpusDir: corpus, indexDir });
    const old = live.current;
    const close = vi.spyOn(old, 'close');
    expect(await live.reload()).toBe(true);
    // the old version's search threads are stopped
    expect(close).toHaveBeenCalledOnce();
    expect(old).toBeInstanceOf(Archive);
    expect(
      (await live.current.ask('新产业园开园，首批入驻企业多少家？')).quotes.some((q) =>
        q.text.includes('首批入驻企业20家'),
      ),
    ).toBe(true);

    // a CURRENT that points at nothing: the reload fails, the old version keeps answering
    const before = live.current.data.version;
    writeFileSync(join(indexDir, 'CURRENT'), 'c-missing\n');
    expect(await live.reload()).toBe(false);
    expect(live.current.data.version).toBe(before);
    expect(currentVersion(indexDir)).toBe('c-missing');
    live.close();
  });

  it('says the search mode once, and again only when it changes, not on every reload', async () => {
    const corpus = sampleCopy();
    const { indexDir } = await buildTestIndex({ corpusDir: corpus });
    const logs: string[] = [];
    const live = await LiveArchive.open(
      testConfig({ INDEX_DIR: indexDir }),
      createLogger('info', (l) => logs.push(l)),
    );
    for (const n of [1, 2]) {
      writeFileSync(join(corpus, `feed-${n}.jsonl`), `${JSON.stringify({ id: `n${n}`, text: `第${n}条新闻。` })}\n`);
      await buildTestIndex({ corpusDir: corpus, indexDir });
      expect(await live.reload()).toBe(true);
    }
    expect(logs.filter((l) => /LEXICAL SEARCH ONLY/u.test(l))).toHaveLength(1);
    expect(logs.filter((l) => /index reloaded/u.test(l))).toHaveLength(2);
    live.close();
  });
});
