/** The q-quantile (0..1) of already ascending `sorted`, nearest rank; NaN when empty. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The q-quantile (0..1) of `values` in any order, nearest rank. */
export function quantile(values: number[], q: number): number {
  return quantileOfSorted([...values].sort((a, b) => a - b), q);
}
