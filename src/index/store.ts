import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Article, sha1 } from '../ingest/article.js';
import { type LexicalSegment, lexicalIndex } from './bm25.js';
import { catalogIds, catalogJson, parseCatalog } from './catalog-file.js';
import { DEFAULT_HNSW, DenseSet } from './dense.js';
import {
  type CatalogEntry,
  type ChunkRecord,
  type Current,
  FILES,
  FORMAT_VERSION,
  fixFor,
  type IndexData,
  IndexLoadError,
  type IndexMeta,
  needFile,
  newName,
  readCurrent,
  removeStale,
  versionName,
  writeCurrent,
  writeFolder,
} from './format.js';
import { groupBy } from './group-by.js';
import { docOfLabel, readGraphAsync, readSegment, type Segment, withDense } from './segment.js';

// Commits: what the index is now, over its immutable segments. Loading reads the live commit and its segments and puts
// together the live articles, chunks, postings and vectors; every problem names the file and the fix.

export * from './format.js';

/** Labels of deleted chunks, by segment name. */
export type Deletes = Record<string, number[]>;

export interface Commit {
  meta: IndexMeta;
  catalog: CatalogEntry[];
  deletes: Deletes;
}

/** The live commit's meta, catalog and deletes, without reading any segment: what an update needs. */
export function readCommit(dir: string, current: Current): Commit {
  return readCommitWith(dir, current, parseCatalog);
}

/** The live commit, its catalog read by `parse` (loading needs only the articles' ids). */
function readCommitWith<C>(
  dir: string,
  current: Current,
  parse: (text: string) => C,
): { meta: IndexMeta; catalog: C; deletes: Deletes } {
  const at = join(dir, current.commit);
  const fix = fixFor(dir);
  const need = needFile(at, fix);
  try {
    const meta = JSON.parse(readFileSync(need(FILES.meta), 'utf8')) as IndexMeta;
    if (meta.formatVersion !== FORMAT_VERSION) {
      throw new IndexLoadError(
        `index format ${meta.formatVersion} is not the format this version reads (${FORMAT_VERSION}); ${fix}`,
      );
    }
    const catalog = parse(readFileSync(need(FILES.catalog), 'utf8'));
    const deletes = JSON.parse(readFileSync(need(FILES.deletes), 'utf8')) as Deletes;
    if (!Array.isArray(catalog) || typeof deletes !== 'object' || !Array.isArray(meta.segments))
      throw new Error('catalog.json, deletes.json or meta.json has the wrong shape');
    const listed = meta.segments.map((s) => s.name).join('\n');
    if (listed !== current.segments.join('\n'))
      throw new IndexLoadError(`CURRENT and ${join(at, FILES.meta)} list different segments; ${fix}`);
    return { meta, catalog, deletes };
  } catch (e) {
    if (e instanceof IndexLoadError) throw e;
    throw new IndexLoadError(`index commit in "${at}" is damaged (${(e as Error).message}); ${fix}`);
  }
}

/** Load the live index: its commit and segments, checked against each other. */
export function loadIndex(dir: string, efSearch = DEFAULT_HNSW.efSearch): IndexData {
  const { fix, current, commit, dense } = openCommit(dir, efSearch);
  const segments = current.segments.map((name) => readSegment(join(dir, name), name, fix, dense));
  return { ...assemble(commit, segments, fix), version: versionName(current) };
}

/**
 * `loadIndex` with the segments' graphs read on libuv's threads while this thread reads the records and postings:
 * at 1M chunks each half takes 3–4 s, so side by side they load in about the time of the longer, and a running
 * bot's event loop is held only for the lexical half when it swaps in a new index.
 */
export async function loadIndexAsync(dir: string, efSearch = DEFAULT_HNSW.efSearch): Promise<IndexData> {
  const { fix, current, commit, dense } = openCommit(dir, efSearch);
  const reading = current.segments.map((name) => (dense ? readGraphAsync(join(dir, name), dense, fix) : undefined));
  // Settled together, so a graph that fails while the lexical half throws is never an unhandled rejection.
  const graphs = Promise.allSettled(reading);
  let lexical: Segment[];
  try {
    lexical = current.segments.map((name) => readSegment(join(dir, name), name, fix));
  } catch (e) {
    await graphs;
    throw e;
  }
  const read = await graphs;
  const segments = current.segments.map((name, i) => {
    const g = read[i]!;
    if (g.status === 'rejected') throw g.reason;
    return dense ? withDense(lexical[i]!, join(dir, name), dense, fix, g.value) : lexical[i]!;
  });
  return { ...assemble(commit, segments, fix), version: versionName(current) };
}

function openCommit(dir: string, efSearch: number) {
  const fix = fixFor(dir);
  const current = readCurrent(dir);
  if (!current) {
    throw new IndexLoadError(
      `no index in "${dir}" (no CURRENT file). Build one with: npm run -s index -- --out ${dir}`,
    );
  }
  const commit = readCommitWith(dir, current, catalogIds);
  const dims = commit.meta.mode === 'hybrid' ? commit.meta.model?.dims : undefined;
  if (commit.meta.mode === 'hybrid' && !dims)
    throw new IndexLoadError(`meta.json says hybrid but names no model; ${fix}`);
  return { fix, current, commit, dense: dims ? { dims, efSearch } : undefined };
}

/** The live index out of a commit (its catalog as the articles' ids) and its segments. */
export function assemble(
  commit: { meta: IndexMeta; catalog: string[]; deletes: Deletes },
  segments: Segment[],
  fix: string,
): Omit<IndexData, 'version'> {
  const { meta, catalog, deletes } = commit;
  const damaged = (why: string): IndexLoadError =>
    new IndexLoadError(`index segments do not fit their commit (${why}); ${fix}`);
  const record = new Map<string, Article>();
  for (const s of segments) for (const a of s.articles) record.set(a.id, a);
  const articles = catalog.map((id) => {
    const a = record.get(id);
    if (!a) throw damaged(`article ${id} is in the catalog but in no segment`);
    return a;
  });
  const live = new Set(catalog);
  const chunks: ChunkRecord[] = [];
  const lexical: LexicalSegment[] = segments.map((s, i) => {
    const entry = meta.segments[i]!;
    const gone = liveDocs(s, deletes[s.name] ?? [], damaged);
    if (s.chunks.length !== entry.chunks || gone.size !== entry.deleted)
      throw damaged(
        `segment ${s.name} holds ${s.chunks.length} chunks (${gone.size} deleted), meta.json says ${entry.chunks} (${entry.deleted})`,
      );
    s.chunks.forEach((c, d) => {
      if (gone.has(d)) return;
      if (!live.has(c.articleId))
        throw damaged(`chunk ${c.label} belongs to article ${c.articleId}, which is not in the index`);
      chunks.push(c);
    });
    s.dense?.remove([...gone].map((d) => s.chunks[d]!.label));
    return { postings: s.postings, deleted: { docs: [...gone], texts: deletedTexts(s, gone, damaged) } };
  });
  if (meta.counts.articles !== articles.length || meta.counts.chunks !== chunks.length)
    throw damaged(
      `meta.json says ${meta.counts.articles} articles and ${meta.counts.chunks} chunks, the segments hold ${articles.length} and ${chunks.length}`,
    );
  const dense = meta.model
    ? new DenseSet(
        segments.map((s) => s.dense!),
        meta.model.dims,
        meta.segments.map((e) => e.lastLabel),
      )
    : undefined;
  return { meta, articles, chunks, lexical: lexicalIndex(meta.settings.lexical, lexical), ...(dense ? { dense } : {}) };
}

/** The local numbers of a segment's deleted chunks. */
function liveDocs(s: Segment, labels: number[], damaged: (why: string) => Error): Set<number> {
  const gone = new Set<number>();
  for (const l of labels) {
    const d = docOfLabel(s.chunks, l);
    if (d < 0 || gone.has(d)) throw damaged(`chunk ${l} is deleted from segment ${s.name}, which does not hold it`);
    gone.add(d);
  }
  return gone;
}

/** The texts of deleted chunks, from the article records of their own segment (as they were when indexed). */
function deletedTexts(s: Segment, gone: Set<number>, damaged: (why: string) => Error): string[] {
  if (gone.size === 0) return [];
  const own = new Map(s.articles.map((a) => [a.id, a]));
  return [...gone].map((d) => {
    const c = s.chunks[d]!;
    const a = own.get(c.articleId);
    if (!a) throw damaged(`segment ${s.name} lacks the record of article ${c.articleId}`);
    return a.text.slice(c.start, c.end);
  });
}

/** Write a commit and make it live; what it no longer names is removed. Returns the new CURRENT. */
export function writeCommit(dir: string, commit: Commit): Current {
  mkdirSync(dir, { recursive: true });
  const currentFile = join(dir, 'CURRENT');
  const live = existsSync(currentFile) ? readFileSync(currentFile, 'utf8') : '';
  const seq = Number(/^c-(\d+)/u.exec(live)?.[1] ?? 0) + 1;
  const name = newName('c', seq);
  writeFolder(dir, name, (tmp) => {
    writeFileSync(join(tmp, FILES.catalog), catalogJson(commit.catalog));
    writeFileSync(join(tmp, FILES.deletes), JSON.stringify(commit.deletes));
    writeFileSync(join(tmp, FILES.meta), JSON.stringify(commit.meta, null, 2));
  });
  const next = { commit: name, segments: commit.meta.segments.map((s) => s.name) };
  writeCurrent(dir, next);
  removeStale(dir, next);
  return next;
}

export const recordHash = (a: Article): string => sha1(JSON.stringify(a)).slice(0, 16);

/** The catalog of an index: its articles in order, each with its chunks' labels. */
export function catalogOf(articles: Article[], chunks: ChunkRecord[]): CatalogEntry[] {
  const byArticle = groupBy(chunks, (c) => c.articleId);
  return articles.map((a) => ({
    id: a.id,
    file: a.file,
    contentHash: a.contentHash,
    recordHash: recordHash(a),
    labels: (byArticle.get(a.id) ?? []).map((c) => c.label),
  }));
}
