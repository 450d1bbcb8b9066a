import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { splitSentences } from '../../src/text/sentences.js';
import { rng } from '../../tools/random.js';

// A deterministic synthetic corpus scaled from real text: sentences of the sample pages and of the CMRC contexts,
// recombined into articles with varied numbers and dates, written as a JSONL feed.

export async function sentencePool(cmrcPath: string): Promise<string[]> {
  const texts = (await readCorpus('data/sample')).articles.map((a) => a.text);
  if (existsSync(cmrcPath)) {
    const squad = JSON.parse(readFileSync(cmrcPath, 'utf8')) as { data: { paragraphs: { context: string }[] }[] };
    for (const d of squad.data) for (const p of d.paragraphs) texts.push(p.context);
  }
  const pool: string[] = [];
  for (const t of texts)
    for (const s of splitSentences(t)) {
      const x = t.slice(s.start, s.end).trim();
      if (x.length >= 12 && x.length <= 200) pool.push(x);
    }
  return pool;
}

/**
 * Write about `targetChunks` chunks' worth of articles (≈ 1,000 characters each) as one feed file per month of their
 * dates (`<dir>/feed-YYYY-MM.jsonl`), as an archive is kept (live sources write one file per source and day).
 */
export function writeSyntheticCorpus(dir: string, pool: string[], targetChunks: number, seed = 7): number {
  mkdirSync(dir, { recursive: true });
  const random = rng(seed);
  const pick = (): string => pool[Math.floor(random() * pool.length)]!;
  const months = new Map<string, string[]>();
  const articles = Math.ceil(targetChunks / 7); // ≈ 7 chunks of ≈ 220 characters, with overlap, per article
  for (let i = 0; i < articles; i++) {
    let text = '';
    while (text.length < 1000) text += pick().replace(/\d/gu, () => String(Math.floor(random() * 10)));
    const y = 2015 + Math.floor(random() * 10);
    const m = 1 + Math.floor(random() * 12);
    const d = 1 + Math.floor(random() * 28);
    const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const lines = months.get(date.slice(0, 7)) ?? [];
    months.set(date.slice(0, 7), lines);
    lines.push(
      JSON.stringify({
        id: `syn-${i}`,
        title: Array.from(text).slice(0, 24).join(''),
        date,
        source: 'Synthetic Daily',
        text,
      }),
    );
  }
  for (const [month, lines] of months) writeFileSync(join(dir, `feed-${month}.jsonl`), `${lines.join('\n')}\n`);
  return articles;
}

/** The first day number no `day-N.jsonl` of the folder has yet (1 in a new corpus). */
export function nextDay(dir: string): number {
  const days = readdirSync(dir).map((f) => /^day-(\d+)\.jsonl$/u.exec(f)?.[1]);
  return Math.max(0, ...days.filter((d) => d !== undefined).map(Number)) + 1;
}

/** A new day's feed file with `count` short articles (one chunk each): how an operator's archive grows. */
export function addArticles(dir: string, day: number, count = 1): void {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      id: `new-${day}-${i}`,
      title: '新产业园开园',
      date: '2025-05-01',
      source: 'Synthetic Daily',
      text: `5月${day}日，第${i + 1}个新的产业园正式开园，首批入驻企业20家。园区占地120亩，总投资3.5亿元。`,
    }),
  );
  writeFileSync(join(dir, `day-${day}.jsonl`), `${lines.join('\n')}\n`);
}

/** Correct one article of the archive's first month (a changed article: its chunks are retired and replaced). */
export function changeFirstArticle(dir: string): void {
  const first = readdirSync(dir)
    .filter((f) => f.startsWith('feed-'))
    .sort()[0]!;
  const path = join(dir, first);
  const text = readFileSync(path, 'utf8');
  const end = text.indexOf('\n');
  const article = JSON.parse(text.slice(0, end)) as { text: string };
  writeFileSync(
    path,
    JSON.stringify({ ...article, text: `${article.text}（更正：本文数字有误。）` }) + text.slice(end),
  );
}

/** A day's feed file of new articles recombined from the pool, about `chunks` chunks in all (≈ 7 per article). */
export function addDay(dir: string, day: number, pool: string[], chunks: number): void {
  const random = rng(1000 + day);
  const lines: string[] = [];
  for (let i = 0; i < Math.ceil(chunks / 7); i++) {
    let text = '';
    while (text.length < 1000)
      text += pool[Math.floor(random() * pool.length)]!.replace(/\d/gu, () => String(Math.floor(random() * 10)));
    lines.push(
      JSON.stringify({
        id: `day-${day}-${i}`,
        title: Array.from(text).slice(0, 24).join(''),
        date: '2025-05-02',
        source: 'Synthetic Daily',
        text,
      }),
    );
  }
  writeFileSync(join(dir, `day-${day}.jsonl`), `${lines.join('\n')}\n`);
}
