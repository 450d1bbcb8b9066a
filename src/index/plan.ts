import type { Article } from '../ingest/article.js';
import { type ChunkOptions, chunkArticle } from '../ingest/chunk.js';
import { byFileName, type Corpus } from '../ingest/read-corpus.js';
import { counted } from '../text/counted.js';
import type { CatalogEntry, ChunkRecord } from './format.js';
import { groupBy } from './group-by.js';
import { recordHash } from './store.js';

// What a corpus read against the index's catalog changes: pure bookkeeping, no I/O.

export interface NewChunk extends ChunkRecord {
  text: string;
}

export interface Change {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Files not parsed again. */
  known: Set<string>;
  /** New and changed articles: to chunk and embed. */
  fresh: Article[];
  /** Catalog entries of articles no longer in the corpus. */
  gone: CatalogEntry[];
  /** Labels of the chunks of removed and changed articles. */
  retired: number[];
  newChunks: NewChunk[];
  nextLabel: number;
  /** The catalog after the change, in corpus order. */
  catalogAfter: CatalogEntry[];
  /** Article records to store again: new, changed, and those whose record differs (offsets, metadata). */
  upserts: Article[];
}

export function planChange(catalog: CatalogEntry[], corpus: Corpus, nextLabel: number, chunking: ChunkOptions): Change {
  const known = new Set(corpus.files.filter((f) => f.known).map((f) => f.file));
  const parsedIds = new Set(corpus.articles.map((a) => a.id));
  // Only parsed articles are looked up, and a day's update parses a file or two of a decade's catalog: a map of
  // just their entries, and the entries of files gone, in one pass instead of a map of every article.
  const before = new Map<string, CatalogEntry>();
  const gone: CatalogEntry[] = [];
  for (const e of catalog) {
    if (parsedIds.has(e.id)) before.set(e.id, e);
    else if (!known.has(e.file)) gone.push(e);
  }
  const fresh = corpus.articles.filter((a) => before.get(a.id)?.contentHash !== a.contentHash);
  const added = fresh.filter((a) => !before.has(a.id)).length;
  const freshIds = new Set(fresh.map((a) => a.id));
  const unchanged =
    corpus.files.reduce((n, f) => n + (f.known ? f.articles : 0), 0) + corpus.articles.length - fresh.length;
  const retired = [...gone, ...catalog.filter((e) => freshIds.has(e.id))].flatMap((e) => e.labels);
  const newChunks = chunksOf(fresh, nextLabel, chunking);
  const entries = catalogEntries(corpus, before, freshIds, newChunks);
  const upserts = corpus.articles.filter((a, i) => before.get(a.id)?.recordHash !== entries[i]!.recordHash);
  const parsedEntries = groupBy(entries, (e) => e.file);
  const knownEntries = groupBy(catalog, (e) => e.file);
  const catalogAfter = corpus.files.flatMap(
    (f) => (f.known ? knownEntries.get(f.file) : parsedEntries.get(f.file)) ?? [],
  );
  return {
    added,
    changed: fresh.length - added,
    removed: gone.length,
    unchanged,
    known,
    fresh,
    gone,
    retired,
    newChunks,
    nextLabel: nextLabel + newChunks.length,
    catalogAfter,
    upserts,
  };
}

/** The chunks of the fresh articles, labelled from `nextLabel` on. */
function chunksOf(fresh: Article[], nextLabel: number, chunking: ChunkOptions): NewChunk[] {
  const out: NewChunk[] = [];
  let label = nextLabel;
  for (const a of fresh)
    for (const c of chunkArticle(a, chunking))
      out.push({ label: label++, id: c.id, articleId: c.articleId, n: c.n, start: c.start, end: c.end, text: c.text });
  return out;
}

/** Catalog entries of the parsed articles: fresh ones get their new chunks' labels, the others keep theirs. */
function catalogEntries(
  corpus: Corpus,
  before: Map<string, CatalogEntry>,
  freshIds: Set<string>,
  newChunks: NewChunk[],
): CatalogEntry[] {
  const byArticle = groupBy(newChunks, (c) => c.articleId);
  return corpus.articles.map((a): CatalogEntry => {
    const labels = freshIds.has(a.id) ? (byArticle.get(a.id) ?? []).map((c) => c.label) : before.get(a.id)!.labels;
    return { id: a.id, file: a.file, contentHash: a.contentHash, recordHash: recordHash(a), labels };
  });
}

/**
 * A file the index holds articles from that cannot be read now (damaged, truncated to nothing, a bad copy) keeps
 * those articles, with a warning: a broken file must not quietly empty the archive. So does a feed file with lines
 * that cannot be read where its new reading would lose articles indexed from it: the file stays as it was indexed
 * until it is mended. Deleting the file removes its articles.
 */
export function keepUnreadable(
  corpus: Corpus,
  catalogByFile: Map<string, CatalogEntry[]>,
  hashes: Record<string, string>,
): void {
  const parsed = new Set(corpus.articles.map((a) => a.id));
  for (const file of corpus.unreadable) {
    const entries = catalogByFile.get(file);
    // Not if its articles now come from another file: they moved.
    if (!entries || entries.some((e) => parsed.has(e.id))) continue;
    if (keepAsIndexed(corpus, file, entries, hashes[file]))
      corpus.warnings.push({
        file,
        message: `kept the ${counted(entries.length, 'article')} indexed from it before; ${MEND}`,
      });
  }
  for (const [file, badLines] of corpus.damaged) {
    const lost = (catalogByFile.get(file) ?? []).filter((e) => !parsed.has(e.id));
    if (!lost.length || !keepAsIndexed(corpus, file, catalogByFile.get(file)!, hashes[file])) continue;
    corpus.warnings.push({
      file,
      message:
        `${counted(badLines, 'line')} could not be read, and reading it now would lose ` +
        `${counted(lost.length, 'article')} indexed from it: kept it as it was indexed; ${MEND}`,
    });
  }
}

const MEND = 'fix the file, or delete it to remove them';

/** The file's indexed version stands in for what was read of it now. False when the index has no record of it. */
function keepAsIndexed(corpus: Corpus, file: string, entries: CatalogEntry[], sha1: string | undefined): boolean {
  if (!sha1) return false;
  corpus.articles = corpus.articles.filter((a) => a.file !== file);
  corpus.files = corpus.files.filter((f) => f.file !== file);
  corpus.files.push({ file, encoding: 'unchanged', articles: entries.length, sha1, known: true });
  corpus.files.sort(byFileName);
  return true;
}
