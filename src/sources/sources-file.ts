import { readFileSync } from 'node:fs';
import { Cron } from 'croner';
import { z } from 'zod';

// sources.json: the operator names the sources; everything else (fetching, de-duplication, state) follows from it.

const httpUrl = z.url({ protocol: /^https?$/u, error: 'an http(s) URL' });

/** Source names become folder names in the corpus and log prefixes: keep them plain. */
const name = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/u,
    'lower-case letters, digits, "-" and "_" (at most 64), starting with a letter or digit',
  );

const cron = z.string().refine((p) => {
  try {
    new Cron(p, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}, 'a cron expression ("*/15 * * * *": minute hour day month weekday, optionally seconds first)');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'a date as YYYY-MM-DD');

const common = {
  name,
  /** The paper the articles belong to: every article's "source" in answers. */
  paper: z.string().trim().min(1),
  section: z.string().trim().min(1).optional(),
  schedule: cron.optional(),
  enabled: z.boolean().default(true),
};

const FeedSource = z
  .object({
    ...common,
    kind: z.literal('feed'),
    url: httpUrl,
    /** "auto": fetch the article page when the item carries only a summary. */
    fetchArticles: z.enum(['auto', 'always', 'never']).default('auto'),
  })
  .strict();

const PagesSource = z
  .object({
    ...common,
    kind: z.literal('pages'),
    urls: z.array(httpUrl).optional(),
    sitemap: httpUrl.optional(),
    /** A list page whose links (matching linkPattern, on the same host) are the articles. */
    listPage: httpUrl.optional(),
    linkPattern: z
      .string()
      .refine((p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'a regular expression')
      .optional(),
    /** At most this many article pages from a sitemap or list page per run (newest first in a sitemap). */
    maxArticles: z.number().int().min(1).max(5000).default(100),
  })
  .strict()
  .refine((s) => s.urls || s.sitemap || s.listPage, {
    message: 'give "urls", "sitemap" or "listPage"',
    path: ['urls'],
  });

const PdfUrl = z.union([
  httpUrl,
  z.object({ url: httpUrl, issueDate: isoDate.optional(), page: z.number().int().min(1).optional() }).strict(),
]);

const TEMPLATE_DATE = /\{(?:yyyy|yy|MM|M|dd|d)\}/u;

const PdfSource = z
  .object({
    ...common,
    kind: z.literal('pdf'),
    urls: z.array(PdfUrl).optional(),
    /** e.g. "https://epaper.example.cn/{yyyy}{MM}/{dd}/page_{page:02}.pdf" */
    urlTemplate: z
      .string()
      .refine(
        (t) => TEMPLATE_DATE.test(t),
        'a template with the date in it: {yyyy} {MM} {dd} (also {yy} {M} {d}, {page}, {page:02})',
      )
      .refine((t) => /^https?:\/\//iu.test(t), 'only http(s) URLs')
      .optional(),
    /** Pages tried per issue (1…pages); the first one missing ends the issue. */
    pages: z.number().int().min(1).max(64).default(1),
    /** Issues tried per run: today and the days before it. */
    days: z.number().int().min(1).max(60).default(2),
  })
  .strict()
  .refine((s) => s.urls || s.urlTemplate, { message: 'give "urls" or "urlTemplate"', path: ['urls'] });

const FolderSource = z
  .object({
    ...common,
    kind: z.literal('folder'),
    /** A local folder of .txt pages, .jsonl feeds and .pdf pages (relative to the sources file). */
    path: z.string().min(1),
  })
  .strict();

export const SourceSchema = z.discriminatedUnion('kind', [FeedSource, PagesSource, PdfSource, FolderSource]);

const FetchSettings = z
  .object({
    timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(1 << 30)
      .default(30 << 20),
    retries: z.number().int().min(0).max(10).default(3),
    /** First retry delay; doubled on each further retry. */
    backoffMs: z.number().int().min(0).max(600_000).default(2_000),
    /** Pause between two requests to the same host (robots.txt Crawl-delay wins when longer). */
    politenessMs: z.number().int().min(0).max(600_000).default(1_000),
    maxRedirects: z.number().int().min(0).max(20).default(5),
  })
  .strict();

export const SourcesFileSchema = z
  .object({
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    /** Dates of items (and "today" for URL templates) are read in this time zone. */
    timezone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-CA', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as Asia/Shanghai')
      .default('Asia/Shanghai'),
    /** Used for sources without their own schedule. */
    schedule: cron.default('*/15 * * * *'),
    /** Sent with every request; names the bot and how to reach its operator. */
    userAgent: z.string().min(3).optional(),
    fetch: FetchSettings.default(FetchSettings.parse({})),
    sources: z.array(SourceSchema).min(1, 'name at least one source'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.sources.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: `"${s.name}" is used twice` });
      seen.add(s.name);
    });
  });

export type Source = z.output<typeof SourceSchema>;
export type FeedSourceT = z.output<typeof FeedSource>;
export type PagesSourceT = z.output<typeof PagesSource>;
export type PdfSourceT = z.output<typeof PdfSource>;
export type FolderSourceT = z.output<typeof FolderSource>;
export type FetchSettingsT = z.output<typeof FetchSettings>;
export type SourcesFile = z.output<typeof SourcesFileSchema>;

export class SourcesFileError extends Error {}

/** Where a problem is, in words: "sources[1] (\"city-pdf\").urlTemplate". */
function where(json: unknown, path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  let label = '';
  let at: unknown = json;
  for (const p of path) {
    label += typeof p === 'number' ? `[${p}]` : `${label ? '.' : ''}${String(p)}`;
    at = (at as Record<PropertyKey, unknown> | undefined)?.[p as never];
    if (typeof p === 'number' && path[0] === 'sources' && label === `sources[${p}]`) {
      const n = (at as { name?: unknown } | undefined)?.name;
      if (typeof n === 'string') label += ` ("${n}")`;
    }
  }
  return label;
}

/** Parse and validate a sources file's text; every problem names the entry and the field. */
export function parseSourcesFile(raw: string, file: string): SourcesFile {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new SourcesFileError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = SourcesFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${where(json, i.path)}: ${i.message}`);
    throw new SourcesFileError(`${file}:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** Read the sources file, or undefined when there is none (no sources configured). */
export function readSourcesFile(file: string): SourcesFile | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SourcesFileError(`${file}: cannot be read (${(e as Error).message})`);
  }
  return parseSourcesFile(raw, file);
}

export const scheduleOf = (f: SourcesFile, s: Source): string => s.schedule ?? f.schedule;
