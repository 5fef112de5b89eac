// "did you mean 'policies'?" for misspelled keys: the closest candidate by edit distance.

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n]!;
}

export function didYouMean(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best !== null && bestD <= Math.max(2, Math.floor(word.length / 3))) return best;
  // a key written without its prefix or suffix: `timeout` for `timeout_ms`, `steps` for `max_steps`
  const w = word.toLowerCase();
  if (w.length < 4) return null;
  const partial = candidates.filter((c) => c.toLowerCase().includes(w) || w.includes(c.toLowerCase()));
  return partial.length === 1 ? partial[0]! : null;
}
