import { randomBytes } from 'node:crypto';
import type { Answer } from '../search/archive.js';
import { BoundedMap } from './bounded-map.js';

// "More results" pages: the button's custom id carries the page and a key; the answer waits here for a while.

export interface PagedAnswer {
  answer: Answer;
  /** Who may page this copy; anyone else pressing its buttons gets a copy of their own. */
  userId: string;
}

export const HITS_PER_PAGE = 3;

export class PageCache {
  private readonly entries: BoundedMap<PagedAnswer>;
  constructor(ttlMs = 15 * 60_000, max = 500, now: () => number = Date.now) {
    this.entries = new BoundedMap(max, ttlMs, now);
  }

  put(answer: Answer, userId: string): string {
    const key = randomBytes(6).toString('hex');
    this.entries.set(key, { answer, userId });
    return key;
  }

  get(key: string): PagedAnswer | undefined {
    return this.entries.get(key);
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
