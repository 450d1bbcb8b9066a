import { makeId } from '../ingest/article.js';
import { dayNumber } from './dates.js';
import {
  blobToSignature,
  minhash,
  NEAR_DUPLICATE_SIMILARITY,
  signatureToBlob,
  similarity,
  textHash,
} from './near-duplicate.js';
import type { ItemRow, SourceState } from './state.js';

// One fetched article meets what the archive already holds: new, a corrected version of an article already kept
// (same URL or id, or the same story re-published by the same source), or a duplicate of one kept from elsewhere.

/** An article as a source gives it, before de-duplication. */
export interface Candidate {
  /** The main key: the canonical URL, or a source-scoped id for items without one. */
  key: string;
  /** Further keys the same article goes by (a feed's guid besides the page's canonical URL). */
  aliases?: string[];
  /** Hash of the listing's entry, to skip fetching an unchanged item's page again. */
  entryHash?: string;
  url?: string | undefined;
  title?: string | undefined;
  /** ISO day: the date or the item's publication day. */
  date?: string | undefined;
  /** Paragraphs separated by "\n". */
  text: string;
}

export type Outcome =
  | { kind: 'added'; id: string; title: string; url?: string | undefined }
  | { kind: 'changed'; id: string; title: string; url?: string | undefined; why: string }
  | { kind: 'skipped'; key: string; reason: string };

export interface SourceRef {
  name: string;
  paper: string;
}

/** How far apart (days) two items may be dated and still be one story re-published. */
const NEAR_WINDOW_DAYS = 7;

const fileFor = (source: string, day: string): string => `${source}/${day}.jsonl`;

function nearest(state: SourceState, sig: Uint32Array | undefined, day: number): ItemRow | undefined {
  if (!sig) return undefined;
  let best: { id: string; score: number } | undefined;
  for (const row of state.itemsNear(day, NEAR_WINDOW_DAYS)) {
    const score = similarity(sig, blobToSignature(row.minhash!));
    if (score >= NEAR_DUPLICATE_SIMILARITY && (!best || score > best.score)) best = { id: row.id, score };
  }
  return best ? state.item(best.id) : undefined;
}

const label = (c: Candidate): string => c.title ?? Array.from(c.text).slice(0, 30).join('');

function sameContent(item: ItemRow, c: Candidate, hash: string): boolean {
  return item.text_hash === hash && (item.title ?? '') === (c.title ?? '') && (item.date ?? '') === (c.date ?? '');
}

function changes(item: ItemRow, c: Candidate, hash: string): string {
  const what: string[] = [];
  if (item.text_hash !== hash) what.push('text');
  if ((item.title ?? '') !== (c.title ?? '')) what.push('title');
  if ((item.date ?? '') !== (c.date ?? '')) what.push('date');
  return `${what.join(', ')} changed`;
}

/**
 * Decide what a candidate is and record it, in the caller's transaction. `today` dates an undated item's file and
 * its place in the near-duplicate window.
 */
export function accept(state: SourceState, src: SourceRef, c: Candidate, today: string): Outcome {
  const keys = [c.key, ...(c.aliases ?? [])];
  const hash = textHash(c.text);
  const sig = minhash(c.text);
  const day = c.date ?? today;
  const record = {
    url: c.url ?? null,
    title: c.title ?? null,
    date: c.date ?? null,
    paper: src.paper,
    text: c.text,
    text_hash: hash,
    minhash: sig ? signatureToBlob(sig) : null,
  };
  const mark = (itemId: string | null, status: 'kept' | 'duplicate', reason: string | null): void => {
    for (const key of keys)
      state.markSeen({ key, source: src.name, item_id: itemId, entry_hash: c.entryHash ?? null, status, reason });
  };

  // A key seen before: the same article again, perhaps corrected.
  const known = keys.map((k) => state.seen(k)).find((s) => s?.item_id);
  const knownItem = known?.item_id ? state.item(known.item_id) : undefined;
  if (knownItem) {
    if (sameContent(knownItem, c, hash)) {
      mark(knownItem.id, known!.status === 'duplicate' ? 'duplicate' : 'kept', known!.reason);
      return { kind: 'skipped', key: c.key, reason: 'unchanged' };
    }
    if (knownItem.source === src.name) {
      state.updateItem(knownItem.id, record);
      mark(knownItem.id, 'kept', null);
      return { kind: 'changed', id: knownItem.id, title: label(c), url: c.url, why: changes(knownItem, c, hash) };
    }
    mark(knownItem.id, 'duplicate', known!.reason);
    return { kind: 'skipped', key: c.key, reason: known!.reason ?? 'duplicate' };
  }

  // A new key: the same text, or nearly, may already be kept under another.
  const twin = state.itemByTextHash(hash) ?? nearest(state, sig, dayNumber(day));
  if (twin) {
    const exact = twin.text_hash === hash;
    if (twin.source === src.name && !sameContent(twin, c, hash)) {
      state.updateItem(twin.id, record);
      mark(twin.id, 'kept', null);
      return {
        kind: 'changed',
        id: twin.id,
        title: label(c),
        url: c.url,
        why: `re-published (${exact ? 'same text' : 'nearly the same text'}) at ${c.url ?? c.key}; ${changes(twin, c, hash)}`,
      };
    }
    const reason = `duplicate of "${twin.title ?? twin.id}" from ${twin.source} (${exact ? 'same text' : 'nearly the same text'})`;
    mark(twin.id, 'duplicate', reason);
    return { kind: 'skipped', key: c.key, reason };
  }

  const id = makeId('source-item', c.key);
  state.insertItem({ id, source: src.name, ...record, day: dayNumber(day), file: fileFor(src.name, day) });
  mark(id, 'kept', null);
  return { kind: 'added', id, title: label(c), url: c.url };
}

/** Record a key that gave no article (no text, unreadable), so it is not fetched again until its entry changes. */
export function rejectKey(
  state: SourceState,
  src: SourceRef,
  key: string,
  entryHash: string | undefined,
  status: 'no-text' | 'unreadable',
  reason: string,
): Outcome {
  state.markSeen({ key, source: src.name, item_id: null, entry_hash: entryHash ?? null, status, reason });
  return { kind: 'skipped', key, reason };
}
