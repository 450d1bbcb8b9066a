import { randomBytes } from 'node:crypto';
import type { Answer } from '../search/archive.js';

// "More results" pages: the button's custom id carries the page and a key; the answer waits here for a while.

export interface PagedAnswer {
  answer: Answer;
  userId: string;
  at: number;
}

export const HITS_PER_PAGE = 3;

export class PageCache {
  private readonly entries = new Map<string, PagedAnswer>();
  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 500,
    private readonly now: () => number = Date.now,
  ) {}

  put(answer: Answer, userId: string): string {
    const key = randomBytes(6).toString('hex');
    this.entries.set(key, { answer, userId, at: this.now() });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return key;
  }

  get(key: string): PagedAnswer | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}

/** Pages: 0 is the answer; then the hits in groups. */
export function pageCount(a: Answer): number {
  return 1 + Math.ceil(a.hits.length / HITS_PER_PAGE);
}

export const customId = (key: string, page: number): string => `page:${key}:${page}`;

export function parseCustomId(id: string): { key: string; page: number } | undefined {
  const m = /^page:([0-9a-f]{12}):(\d{1,3})$/u.exec(id);
  return m ? { key: m[1]!, page: Number(m[2]) } : undefined;
}
