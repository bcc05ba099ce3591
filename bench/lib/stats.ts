/** Small descriptive statistics; inputs are never mutated. */

export function mean(values: readonly number[]): number {
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
    if (!values.length) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
    return percentile(values, 50);
}

export function sum(values: readonly number[]): number {
    return values.reduce((a, b) => a + b, 0);
}
