// A small deterministic generator for property tests: the same seed gives the same cases, so a
// failing test fails the same way every time (xorshift32).

export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}
