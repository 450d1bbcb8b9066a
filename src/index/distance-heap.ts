/**
 * A binary heap of (distance, element) pairs in typed arrays, nearest on top or farthest on top: the two queues of an
 * HNSW search, which push and pop thousands of times per query.
 */
export class DistanceHeap {
  private dist: Float64Array;
  private elem: Uint32Array;
  size = 0;

  constructor(
    capacity: number,
    /** Farthest on top (the results kept) rather than nearest (the candidates to visit). */
    private readonly farthestFirst: boolean,
  ) {
    this.dist = new Float64Array(Math.max(1, capacity));
    this.elem = new Uint32Array(Math.max(1, capacity));
  }

  get topDistance(): number {
    return this.dist[0]!;
  }

  get topElement(): number {
    return this.elem[0]!;
  }

  /** Whether the pair at a belongs above the pair at b. */
  private above(a: number, b: number): boolean {
    return this.farthestFirst ? this.dist[a]! > this.dist[b]! : this.dist[a]! < this.dist[b]!;
  }

  private swap(a: number, b: number): void {
    const d = this.dist[a]!;
    this.dist[a] = this.dist[b]!;
    this.dist[b] = d;
    const e = this.elem[a]!;
    this.elem[a] = this.elem[b]!;
    this.elem[b] = e;
  }

  push(distance: number, element: number): void {
    if (this.size === this.dist.length) this.grow();
    let i = this.size++;
    this.dist[i] = distance;
    this.elem[i] = element;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): void {
    const n = --this.size;
    this.swap(0, n);
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      let best = i;
      if (l < n && this.above(l, best)) best = l;
      if (l + 1 < n && this.above(l + 1, best)) best = l + 1;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private grow(): void {
    const dist = new Float64Array(this.dist.length * 2);
    dist.set(this.dist);
    const elem = new Uint32Array(this.elem.length * 2);
    elem.set(this.elem);
    this.dist = dist;
    this.elem = elem;
  }
}
