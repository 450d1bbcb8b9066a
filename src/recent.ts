// A bounded cache of recently used values, for the caches answering keeps (tagged sentences, read texts).

/**
 * The `max` most recently used entries at least, 2 · `max` at most: entries go into a young map, which becomes the
 * old one when it holds `max` (the one before is dropped whole); an old entry asked for moves back to the young. A Map kept as an
 * LRU (re-inserted on each hit, its first key deleted when full) costs more: V8 leaves a deleted entry's slot in
 * the table until it is rebuilt, and finding the first live key steps over all of them (~2.9 µs an operation at
 * 4,096 entries against ~0.9 µs, measured; docs/quality.md "Round seven").
 */
export class RecentMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: K, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.max) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}
