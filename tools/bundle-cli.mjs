// The second step of `npm run build`: each command in dist/cli/ becomes one file holding the project's modules and
// the small pure-JavaScript packages every command loads (zod and its 95 modules, dotenv, opencc-js), in place of
// what tsc wrote. Node resolves, reads and links each ES module separately, about 1 ms apiece; in one file a
// one-shot `ask` starts ~0.1 s sooner (docs/benchmarks.md, "Cold start"). The other packages (native addons,
// transformers.js, discord.js, pdf.js…) stay outside, loaded as before and only when used.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const BUNDLED = new Set(['zod', 'dotenv', 'opencc-js']);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !BUNDLED.has(name));
/** The commands package.json runs (`node dist/cli/ask.js`); the other modules in src/cli are their helpers. */
const commands = [
  ...new Set(
    Object.values(pkg.scripts).flatMap((s) => [...s.matchAll(/node dist\/cli\/([\w-]+)\.js/gu)].map((m) => m[1])),
  ),
];

await build({
  // The search worker too (src/index/parallel-search.ts): the bundled commands start it from beside themselves.
  entryPoints: [
    ...commands.map((c) => ({ in: `src/cli/${c}.ts`, out: c })),
    { in: 'src/index/search-worker.ts', out: 'search-worker' },
  ],
  outdir: 'dist/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // A module the code imports lazily (`await import('../bot/client.js')`: discord.js only once there is a token)
  // stays a separate file loaded lazily; without splitting its packages would be imported at start-up. The chunks
  // sit beside the commands, so `new URL('../cli/ingest.js', import.meta.url)` still finds a command.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external,
  // dotenv is CommonJS: its require() of Node's modules needs a require in an ES module.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
});
