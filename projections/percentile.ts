/**
 * The p-th percentile (0–1) of some values, interpolating between the two nearest ranks (the method
 * of Excel's PERCENTILE.INC and numpy's default), so the 50th is the usual median: the mean of the two
 * middle values when there is an even number of them. Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  if (p < 0 || p > 1) throw new RangeError(`a percentile is between 0 and 1, not ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (rank - below);
}

export const MILLIS_PER_DAY = 86_400_000;

/** Days from one ISO instant to another, in fractions of a day. */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / MILLIS_PER_DAY;
}
