// The benchmark's figure: p95 latency per stage (log scale) and loaded index memory against index size.

export interface PlotRow {
  model: string;
  build: { chunks: number };
  query: {
    dense: { p95: number };
    lexical: { p95: number };
    answer: { p95: number };
    whole: { p95: number };
    indexRssMb: number;
  };
}

export function plot(rows: PlotRow[]): string {
  const rs = [...rows].sort((a, b) => a.build.chunks - b.build.chunks);
  const W = 720;
  const H = 300;
  const pad = 50;
  const xs = rs.map((r) => Math.log10(r.build.chunks));
  const lo = Math.min(...xs);
  const span = Math.max(1e-9, Math.max(...xs) - lo);
  const x = (v: number): number => pad + ((v - lo) / span) * (W / 2 - 2 * pad);
  const series: [string, string, (r: PlotRow) => number][] = [
    ['dense', '#1f77b4', (r) => r.query.dense.p95],
    ['lexical', '#ff7f0e', (r) => r.query.lexical.p95],
    ['fusion+answer', '#2ca02c', (r) => r.query.answer.p95],
    ['whole ask', '#d62728', (r) => r.query.whole.p95],
  ];
  const ly = (v: number): number => H - pad - ((Math.log10(Math.max(v, 0.01)) + 2) / 4) * (H - 2 * pad); // 0.01 … 100 ms
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11"><title>Benchmarks: p95 latency and loaded index memory against index size</title>`;
  s += `<text x="${pad}" y="18" font-size="13">p95 latency (ms, log) vs chunks</text><text x="${W / 2 + pad}" y="18" font-size="13">loaded index RSS (MB) vs chunks</text>`;
  for (const v of [0.01, 0.1, 1, 10, 100])
    s += `<line x1="${pad}" x2="${W / 2 - pad}" y1="${ly(v)}" y2="${ly(v)}" stroke="#ddd"/><text x="4" y="${ly(v) + 4}">${v}</text>`;
  series.forEach(([name, color, get], i) => {
    s += `<polyline fill="none" stroke="${color}" stroke-width="2" points="${rs.map((r, k) => `${x(xs[k]!)},${ly(get(r))}`).join(' ')}"/>`;
    s += `<text x="${pad + 5}" y="${40 + i * 14}" fill="${color}">${name}</text>`;
  });
  rs.forEach((r, k) => {
    s += `<text x="${x(xs[k]!) - 15}" y="${H - pad + 16}">${r.build.chunks}</text>`;
  });
  const maxMem = Math.max(...rs.map((r) => r.query.indexRssMb), 1);
  const my = (v: number): number => H - pad - (v / maxMem) * (H - 2 * pad);
  const x2 = (v: number): number => x(v) + W / 2;
  s += `<polyline fill="none" stroke="#9467bd" stroke-width="2" points="${rs.map((r, k) => `${x2(xs[k]!)},${my(r.query.indexRssMb)}`).join(' ')}"/>`;
  rs.forEach((r, k) => {
    s += `<text x="${x2(xs[k]!) - 15}" y="${H - pad + 16}">${r.build.chunks}</text><text x="${x2(xs[k]!) + 4}" y="${my(r.query.indexRssMb) - 4}">${Math.round(r.query.indexRssMb)}</text>`;
  });
  s += `<text x="${pad}" y="${H - 8}" fill="#555">tiers of 500k chunks and more use clustered synthetic vectors (dense figures: HNSW on that distribution)</text>`;
  return `${s}</svg>\n`;
}
