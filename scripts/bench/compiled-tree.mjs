// What the scripts that run over a compiled tree of the code share (answer-stage-ab.mjs, answers-hybrid.mjs). Plain
// JavaScript: tsx's esbuild service, started under `chrt -f 1`, can spin at real-time priority and starve the machine,
// and a tree from before a change may not hold the script at all. A tree is the build's dist/ (`npx tsc -p
// tsconfig.build.json --noCheck`) or any tsc output holding src/.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A loader of the tree's modules by their path under src/ ("search/archive.js"). */
export function treeModules(root) {
  return (path) => {
    const direct = resolve(root, path);
    return import(pathToFileURL(existsSync(direct) ? direct : join(resolve(root), 'src', path)).href);
  };
}

/**
 * A generated test model (tools/make-test-model.ts, which makes it under the same folder) loaded through the tree's
 * own code, with testModelEnv's settings: local only, fp32.
 */
export async function testModelEmbedder(mod, name) {
  const { loadConfig } = await mod('config/config.js');
  const { embedSettingsFrom, loadEmbedder } = await mod('embed/embedder.js');
  const { silentLogger } = await mod('log.js');
  const config = loadConfig({
    EMBEDDING_MODEL: name,
    MODEL_DIR: join(tmpdir(), 'local-news-bot-models'),
    ALLOW_REMOTE_MODELS: 'false',
    EMBEDDING_DTYPE: 'fp32',
  });
  const r = await loadEmbedder(embedSettingsFrom(config), silentLogger);
  if (!r.ok) throw new Error(r.reason);
  return r.embedder;
}
