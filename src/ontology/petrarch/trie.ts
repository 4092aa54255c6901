/** A word-sequence trie with longest-match look-up (built once; each step is a Map get). */
export class PhraseTrie<V> {
  private readonly root: TrieNode<V> = { next: new Map(), values: null };

  /** Add `value` under the word sequence `words` (upper-case). */
  add(words: readonly string[], value: V): void {
    let node = this.root;
    for (const w of words) {
      let n = node.next.get(w);
      if (!n) {
        n = { next: new Map(), values: null };
        node.next.set(w, n);
      }
      node = n;
    }
    (node.values ??= []).push(value);
  }

  /** The longest phrase starting at `words[start]`: its end (exclusive) and values, or null. */
  longest(words: readonly string[], start: number): { end: number; values: V[] } | null {
    let node = this.root;
    let best: { end: number; values: V[] } | null = null;
    for (let i = start; i < words.length; i++) {
      const n = node.next.get(words[i]);
      if (!n) break;
      node = n;
      if (node.values) best = { end: i + 1, values: node.values };
    }
    return best;
  }
}

interface TrieNode<V> {
  next: Map<string, TrieNode<V>>;
  values: V[] | null;
}
