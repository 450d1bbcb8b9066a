/**
 * The k best (document, score) pairs seen, in a binary min-heap: best first, equal scores to the lower document.
 * `threshold` is the score a document must reach to get in.
 */
export class TopK {
  private readonly docs: Int32Array;
  private readonly scores: Float64Array;
  private n = 0;
  threshold: number;
  /** Documents taken in so far (each one changes what `bestScores` gives). */
  taken = 0;

  /** `floor`: a score known to be reached by at least k documents (nothing below it can get in). */
  constructor(
    private readonly k: number,
    private floor = Number.NEGATIVE_INFINITY,
  ) {
    this.threshold = floor;
    this.docs = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  get full(): boolean {
    return this.n === this.k;
  }

  /** a is worse than b */
  private worse(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa < sb || (sa === sb && this.docs[a]! > this.docs[b]!);
  }

  private swap(a: number, b: number): void {
    const d = this.docs[a]!;
    const s = this.scores[a]!;
    this.docs[a] = this.docs[b]!;
    this.scores[a] = this.scores[b]!;
    this.docs[b] = d;
    this.scores[b] = s;
  }

  /** Offer a document; true if the threshold changed. */
  push(doc: number, score: number): boolean {
    if (this.n < this.k) {
      this.docs[this.n] = doc;
      this.scores[this.n] = score;
      for (let i = this.n++; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
    } else {
      const s0 = this.scores[0]!;
      if (score < s0 || (score === s0 && doc > this.docs[0]!)) return false;
      this.docs[0] = doc;
      this.scores[0] = score;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.n && this.worse(l, m)) m = l;
        if (r < this.n && this.worse(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    this.taken++;
    if (this.n < this.k) return false;
    const before = this.threshold;
    this.threshold = Math.max(this.floor, this.scores[0]!);
    return this.threshold !== before;
  }

  /** Raise the floor to a score at least k documents are known to reach (another range's k-th best). */
  raise(floor: number): void {
    if (floor <= this.floor) return;
    this.floor = floor;
    if (floor > this.threshold) this.threshold = floor;
  }

  /** The scores held, best first, into `out` (at least k long); how many. */
  bestScores(out: Float64Array): number {
    const mine = out.subarray(0, this.n);
    mine.set(this.scores.subarray(0, this.n));
    mine.sort().reverse();
    return this.n;
  }

  sorted(): { doc: number; score: number }[] {
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ doc: this.docs[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
