import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'a date as YYYY-MM-DD');

export const FileMetaSchema = z
  .object({
    paper: z.string().min(1).optional(),
    section: z.string().min(1).optional(),
    issueDate: isoDate.optional(),
    url: z.url({ protocol: /^https?$/u, error: 'must be an http(s) URL' }).optional(),
    page: z.union([z.string(), z.number()]).transform(String).optional(),
    /** The issue's year when the page does not state it. */
    year: z.number().int().min(1800).max(2200).optional(),
    /** "operator": the year is the operator's judgement, not stated on the page; shown as such. */
    yearSource: z.enum(['operator', 'stated']).optional(),
    note: z.string().optional(),
  })
  .strict();

export const ManifestSchema = z
  .object({
    $comment: z.string().optional(),
    defaults: FileMetaSchema.optional(),
    files: z.record(z.string(), FileMetaSchema).optional(),
  })
  .strict();

export type FileMeta = z.output<typeof FileMetaSchema>;
export type Manifest = z.output<typeof ManifestSchema>;

/** Read `manifest.json` at the corpus root, if any. A broken manifest is an error naming the file and the field. */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, 'manifest.json');
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${path}: ${problems}`);
  }
  return parsed.data;
}

export function metaFor(manifest: Manifest, relPath: string): FileMeta {
  return { ...manifest.defaults, ...manifest.files?.[relPath] };
}
