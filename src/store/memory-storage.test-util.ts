/** For tests: localStorage as a Map, optionally refusing writes like a full or disabled storage. */
export class MemoryStorage implements Storage {
  map = new Map<string, string>();
  refuse = false;
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    if (this.refuse) throw new DOMException('quota', 'QuotaExceededError');
    this.map.set(k, String(v));
  }
}
