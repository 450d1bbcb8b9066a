// The two halves of a large index loaded in one process: a lexical index (its records and postings) and an HNSW
// graph file, one after the other and side by side as `loadIndexAsync` reads them (the graph on one of libuv's
// threads). For a graph that is not the index's own, such as dense.ts's 1M synthetic graph beside the 1M lexical tier:
//   chrt -f 1 node --expose-gc --import tsx scripts/bench/load-halves.ts LEXICAL_INDEX_DIR GRAPH_FILE [DIMS]
import { DenseIndex } from '../../src/index/dense.js';
import { loadIndex } from '../../src/index/store.js';

const [lexicalDir, graphFile, dims = '384'] = process.argv.slice(2);
if (!lexicalDir || !graphFile) {
  console.error(
    'usage: node --expose-gc --import tsx scripts/bench/load-halves.ts LEXICAL_INDEX_DIR GRAPH_FILE [DIMS]',
  );
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const rssMb = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);
const since = (t: number): number => Math.round(performance.now() - t);

async function sideBySide(): Promise<object> {
  const t = performance.now();
  const graph = DenseIndex.readAsync(graphFile!, Number(dims), 384);
  const lexical = loadIndex(lexicalDir!);
  const lexicalMs = since(t);
  const dense = await graph;
  return { chunks: lexical.chunks.length, vectors: dense.live, lexicalMs, bothMs: since(t) };
}

function oneAfterTheOther(): object {
  let t = performance.now();
  const lexical = loadIndex(lexicalDir!);
  const lexicalMs = since(t);
  gc();
  const afterLexicalMb = rssMb();
  t = performance.now();
  const dense = DenseIndex.read(graphFile!, Number(dims), 384);
  const denseMs = since(t);
  gc();
  return {
    chunks: lexical.chunks.length,
    vectors: dense.live,
    lexicalMs,
    denseMs,
    afterLexicalMb,
    afterBothMb: rssMb(),
  };
}

// Each in a process of its own, so the second does not find the first's memory already faulted in.
const mode = process.env.MODE ?? 'side-by-side';
const result = mode === 'one-after-the-other' ? oneAfterTheOther() : await sideBySide();
console.log(JSON.stringify({ mode, ...result, rssMb: rssMb() }));
