import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { decodeBuffer } from '../ingest/decode.js';
import { articlesFromFeed } from '../ingest/feed.js';
import { articlesFromPage } from '../ingest/page.js';
import { listFiles } from '../ingest/read-corpus.js';
import type { Candidate } from './accept.js';
import { canonicalUrl } from './canonical-url.js';
import { problem, type RunContext, reject, skip, take } from './context.js';
import { pdfArticles } from './pdf/pdf-articles.js';
import { PdfReadError } from './pdf/read-pdf.js';
import type { FolderSourceT } from './sources-file.js';

// A folder source: a local folder of page text (.txt), article feeds (.jsonl) and e-paper pages (.pdf), looked at on
// every run; a file is read again only when its bytes changed. Page text goes through the page pipeline, PDFs
// through layout; an issue date in the file's name ("2020-06-19", "20200619") dates its articles.

const KINDS = new Set(['.txt', '.jsonl', '.pdf']);

/** "2020-06-19", "2020_06_19" or "20200619" in a file's path: the issue's date. */
export function dateInName(path: string): string | undefined {
  const m = /(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)/u.exec(path);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** A date the article states or its issue has; an estimate (or a day without its year) is left to the ingest. */
const statedDay = (a: { date?: string; dateOrigin: string }): string | undefined =>
  a.date && /^\d{4}-\d{2}-\d{2}$/u.test(a.date) && a.dateOrigin !== 'page-estimate' ? a.date : undefined;

async function pdfCandidates(ctx: RunContext, key: string, bytes: Buffer, issueDate?: string): Promise<Candidate[]> {
  const pages = await pdfArticles(bytes, { issueDate, timeZone: ctx.file.timezone });
  const out: Candidate[] = [];
  for (const p of pages) {
    if (p.unreadable) {
      problem(ctx, `${key} page ${p.page}: ${p.unreadable}; not indexed`);
      continue;
    }
    p.articles.forEach((a, i) => {
      const title = a.titleOrigin === 'headline' ? a.title : undefined;
      out.push({ key: `${key}#p${p.page}-${i + 1}`, title, date: p.issueDate, text: a.text });
    });
  }
  return out;
}

function textCandidates(ctx: RunContext, s: FolderSourceT, key: string, rel: string, bytes: Buffer): Candidate[] {
  const decoded = decodeBuffer(bytes);
  if (!decoded.ok) throw new Error(decoded.reason);
  const issueDate = dateInName(rel);
  const meta = { paper: s.paper, ...(s.section ? { section: s.section } : {}), ...(issueDate ? { issueDate } : {}) };
  if (rel.toLowerCase().endsWith('.jsonl')) {
    const r = articlesFromFeed(decoded.text, rel, meta);
    for (const e of r.errors) problem(ctx, `${rel}:${e.line}: ${e.message}`);
    return r.articles.map((a) => ({
      key: a.url ? canonicalUrl(a.url) : `${key}#${a.id}`,
      url: a.url,
      title: a.titleOrigin === 'first-sentence' ? undefined : a.title,
      date: statedDay(a),
      text: a.text,
    }));
  }
  return articlesFromPage(decoded.text, rel, meta).articles.map((a) => ({
    key: `${key}#${a.id}`,
    title: a.titleOrigin === 'headline' ? a.title : undefined,
    date: statedDay(a),
    text: a.text,
  }));
}

async function takeFile(ctx: RunContext, s: FolderSourceT, dir: string, path: string): Promise<void> {
  const rel = relative(dir, path).split(sep).join('/');
  const key = `file:${s.name}:${rel}`;
  const bytes = await readFile(path);
  const hash = createHash('sha1').update(bytes).digest('hex');
  if (ctx.state.seen(key)?.entry_hash === hash) {
    skip(ctx, key, 'file unchanged');
    return;
  }
  let candidates: Candidate[];
  try {
    candidates = rel.toLowerCase().endsWith('.pdf')
      ? await pdfCandidates(ctx, key, bytes, dateInName(rel))
      : textCandidates(ctx, s, key, rel, bytes);
  } catch (e) {
    if (!(e instanceof PdfReadError) && !(e instanceof Error)) throw e;
    reject(ctx, key, hash, 'unreadable', `${rel}: ${(e as Error).message}`);
    problem(ctx, `${rel}: ${(e as Error).message}`);
    return;
  }
  for (const c of candidates) take(ctx, c);
  ctx.state.tx(() =>
    ctx.state.markSeen({ key, source: s.name, item_id: null, entry_hash: hash, status: 'kept', reason: null }),
  );
}

export async function runFolder(ctx: RunContext, s: FolderSourceT): Promise<void> {
  const dir = isAbsolute(s.path) ? s.path : resolve(ctx.baseDir, s.path);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`folder ${dir} does not exist or is not a folder`);
  for (const path of await listFiles(dir)) {
    const ext = path.slice(path.lastIndexOf('.')).toLowerCase();
    // The stage's own output (a folder source pointed at the corpus) is not a source.
    if (!KINDS.has(ext) || path.startsWith(`${ctx.sourcesDir}${sep}`)) continue;
    await takeFile(ctx, s, dir, path);
  }
}
