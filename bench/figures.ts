/** One line of the results table: the product's figure beside its baseline from the same run. */
export interface Figure {
  bench: string;
  measure: string;
  product: number;
  baseline: number;
  unit: string;
  /** The comparison the issue asks for, worked out by the benchmark so it reads the right way round. */
  ratio: number;
  ratioMeaning: string;
  /** The goal on the ratio or on the figure itself, in words, and whether it was met. */
  goal?: { text: string; met: boolean };
  note?: string;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-GB');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
