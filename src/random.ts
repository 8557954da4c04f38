// The project's one small deterministic pseudo-random generator, for draws that must be repeatable
// from a seed (placebo groups of the evaluation, defects of the messy extract, test mutations).

/**
 * mulberry32: uniforms in [0, 1) from a 32-bit state (taken as unsigned), each call advancing it.
 * Callers derive the state from their own seed (and tag) as they need.
 */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
