import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The folder tree is the architecture: production code (src/) stands alone, the scripts use only src/ and the
// dev-only tools/ (the generated test model), and nothing outside test/ reaches into the tests.

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The top-level folders a file's relative imports land in. */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/gu)].map((m) => m[1]!);
  return specs.map((s) => relative(resolve('.'), resolve(file, '..', s)).split(/[\\/]/u)[0]!);
}

describe('layers', () => {
  it.each([
    ['src', ['src']],
    ['scripts', ['src', 'scripts', 'tools']],
    ['tools', ['src', 'tools']],
  ])('%s/ imports only from %j', (folder, allowed) => {
    const outside = tsFiles(folder).flatMap((f) =>
      importedFolders(f)
        .filter((d) => !allowed.includes(d))
        .map((d) => `${f} → ${d}/`),
    );
    expect(outside).toEqual([]);
  });

  it('finds the imports it checks', () => {
    expect(importedFolders('scripts/bench/corpus.ts')).toContain('tools');
    expect(importedFolders('test/support/fixtures.ts')).toEqual(expect.arrayContaining(['src', 'tools']));
  });
});
