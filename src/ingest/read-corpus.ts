import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Article } from './article.js';
import { decodeBuffer } from './decode.js';
import { articlesFromFeed } from './feed.js';
import { metaFor, readManifest } from './manifest.js';
import { articlesFromPage } from './page.js';

export interface CorpusWarning {
  file: string;
  line?: number;
  message: string;
}

export interface CorpusFile {
  file: string;
  encoding: string;
  articles: number;
  sha1: string;
  /** Already indexed with these exact bytes: not parsed again, and its articles are not in `Corpus.articles`. */
  known: boolean;
  /** The file's size, time and inode when it was hashed: the next read trusts `sha1` while they stay the same. */
  stat?: FileStat;
}

/**
 * What identifies a file's bytes without reading them: size, modification time and inode, and the key of its
 * manifest entry and parser version (which its sha1 includes). `checkedAt` is when it was hashed: a file modified
 * within STAT_SLACK_MS of that could have changed again in the same clock tick, so its stat is not trusted.
 */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ino: number;
  metaKey: string;
  checkedAt: number;
}

export interface Corpus {
  dir: string;
  /** The articles of every file that was parsed, in file order. */
  articles: Article[];
  warnings: CorpusWarning[];
  files: CorpusFile[];
  /** Page and feed files that could not be read (undecodable, binary, empty); each also has a warning. */
  unreadable: string[];
  /** Feed files read with some lines that could not be (each line also has a warning), by how many. */
  damaged: Map<string, number>;
}

/**
 * What an incremental build already holds: the article ids of a file indexed with exactly these bytes (and manifest
 * entry), or undefined. Such a file is not parsed again; its ids keep priority over any new file's duplicates.
 */
export type Known = (file: string, sha1: string) => readonly string[] | undefined;

/** What the index recorded of a file when it last read it: its stat and sha1. */
export type Previous = (file: string) => { stat?: FileStat; sha1: string } | undefined;

/** A file modified this close to when it was hashed may have changed again unseen (coarse clocks): hash it again. */
const STAT_SLACK_MS = 2000;

const metaKeyOf = (meta: unknown): string =>
  createHash('sha1').update(INGEST_VERSION).update(JSON.stringify(meta)).digest('hex').slice(0, 16);

/** The sha1 of a file, from the index's record when its stat says it is unchanged (no read), else from its bytes. */
async function fileHash(
  path: string,
  meta: unknown,
  before: ReturnType<Previous>,
): Promise<{ sha1: string; stat: FileStat }> {
  const checkedAt = Date.now();
  const st = await stat(path);
  const now: FileStat = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, metaKey: metaKeyOf(meta), checkedAt };
  const was = before?.stat;
  if (
    was &&
    was.size === now.size &&
    was.mtimeMs === now.mtimeMs &&
    was.ino === now.ino &&
    was.metaKey === now.metaKey &&
    was.mtimeMs < was.checkedAt - STAT_SLACK_MS
  )
    return { sha1: before.sha1, stat: was };
  // The bytes, the file's manifest entry and the parser's version decide its articles.
  const bytes = await readFile(path);
  const sha1 = createHash('sha1').update(INGEST_VERSION).update(JSON.stringify(meta)).update(bytes).digest('hex');
  return { sha1, stat: now };
}

const KINDS = new Set(['.txt', '.jsonl']);
/** Bump when cleaning or splitting changes, so incremental builds parse every file again. */
export const INGEST_VERSION = 'ingest-2';

/** The files under a folder, hidden ones (".state.sqlite", ".tmp-…") left out, in name order. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** A corpus file whose bytes the index does not hold: parsed after every file is hashed. */
interface ToParse {
  file: string;
  ext: string;
  path: string;
  meta: ReturnType<typeof metaFor>;
  sha1: string;
  stat: FileStat;
}

/**
 * Read a corpus folder: page text (`.txt`) and article feeds (`.jsonl`), with `manifest.json` metadata. A file that
 * cannot be read is skipped with a warning naming it and why; every other file still loads.
 */
export async function readCorpus(dir: string, known?: Known, previous?: Previous): Promise<Corpus> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`corpus folder "${dir}" does not exist or is not a folder`);
  const manifest = await readManifest(dir);
  const corpus: Corpus = { dir, articles: [], warnings: [], files: [], unreadable: [], damaged: new Map() };
  const ids = new Set<string>();
  const paths = await listFiles(dir);
  const present = new Set(paths.map((p) => relative(dir, p).split(sep).join('/')));
  for (const named of Object.keys(manifest.files ?? {})) {
    if (!present.has(named))
      corpus.warnings.push({
        file: 'manifest.json',
        message: `names "${named}", which is not in the corpus (a typo? its metadata is unused)`,
      });
  }
  // First every file's hash (and the known files' ids), then the parsing: an id already in the index stays with its
  // file whatever the order of the names.
  const toParse: ToParse[] = [];
  for (const path of paths) {
    const file = relative(dir, path).split(sep).join('/');
    const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
    if (file === 'manifest.json' || /(^|\/)README(\.md)?$/iu.test(file)) continue;
    if (!KINDS.has(ext)) {
      corpus.warnings.push({ file, message: 'skipped: not a .txt page or .jsonl feed' });
      continue;
    }
    const meta = metaFor(manifest, file);
    const { sha1, stat } = await fileHash(path, meta, previous?.(file));
    const knownIds = known?.(file, sha1);
    if (knownIds) {
      for (const id of knownIds) ids.add(id);
      corpus.files.push({ file, encoding: 'unchanged', articles: knownIds.length, sha1, known: true, stat });
    } else toParse.push({ file, ext, path, meta, sha1, stat }); // read again below: holding every file's bytes would cost memory
  }
  for (const { file, ext, path, meta, sha1, stat } of toParse) {
    const decoded = decodeBuffer(await readFile(path));
    if (!decoded.ok) {
      corpus.warnings.push({ file, message: `skipped: ${decoded.reason}` });
      corpus.unreadable.push(file);
      continue;
    }
    if (decoded.text.trim() === '') {
      corpus.warnings.push({ file, message: 'skipped: empty file' });
      corpus.unreadable.push(file);
      continue;
    }
    let articles: Article[];
    if (ext === '.jsonl') {
      const r = articlesFromFeed(decoded.text, file, meta);
      articles = r.articles;
      corpus.warnings.push(...r.errors);
      if (r.errors.length) corpus.damaged.set(file, r.errors.length);
    } else {
      articles = articlesFromPage(decoded.text, file, meta).articles;
    }
    let kept = 0;
    for (const a of articles) {
      if (ids.has(a.id)) {
        corpus.warnings.push({
          file,
          ...(a.line ? { line: a.line } : {}),
          message: `article id "${a.id}" is already used by another file; skipped`,
        });
        continue;
      }
      ids.add(a.id);
      corpus.articles.push(a);
      kept++;
    }
    corpus.files.push({ file, encoding: decoded.encoding, articles: kept, sha1, known: false, stat });
  }
  corpus.files.sort(byFileName);
  return corpus;
}

/** Corpus files in the order of their names (code units, as the file listing sorts them). */
export const byFileName = (a: { file: string }, b: { file: string }): number =>
  a.file < b.file ? -1 : a.file > b.file ? 1 : 0;

export function formatWarning(w: CorpusWarning): string {
  return `${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}`;
}
