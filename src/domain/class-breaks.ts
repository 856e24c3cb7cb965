/**
 * Class breaks for a choropleth (issue 4: incidents per enterprise by grid). Pure; the map turns the result into
 * a MapLibre `step` expression and the legend into "from–to" rows, so the two cannot disagree.
 */

export type ClassMethod = 'jenks' | 'quantile';

export interface ClassBreakOptions {
  /** Classes wanted (default 5: more than the eye tells apart on a map is noise). Fewer come back when the
   * values have fewer distinct numbers. */
  classes?: number;
  /** 'jenks' (default): Fisher's exact natural breaks, the least squared deviation within classes.
   * 'quantile': about the same number of values per class. */
  method?: ClassMethod;
}

export interface ValueClass {
  /** Smallest and largest value in the class (the legend's "from–to"). */
  from: number;
  to: number;
  count: number;
}

export interface ClassBreaks {
  /** Lower bounds of the 2nd, 3rd … class: a value v falls in class `breaks.filter((b) => v >= b).length`. */
  breaks: number[];
  classes: ValueClass[];
}

/**
 * Splits `values` into classes. Throws on a value that is not a finite number (nulls are the caller's "no data"
 * class and must be left out before) and on a class count that is not a whole number ≥ 1. No values, no classes.
 * @example classBreaks([0, 0.1, 0.12, 0.5, 0.55, 2], { classes: 3 }).breaks // [0.5, 2]
 */
export function classBreaks(values: readonly number[], options: ClassBreakOptions = {}): ClassBreaks {
  const wanted = options.classes ?? 5;
  const method = options.method ?? 'jenks';
  if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`classes must be a whole number ≥ 1, got ${wanted}`);
  if (method !== 'jenks' && method !== 'quantile') throw new RangeError(`unknown class method "${String(method)}"`);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`value ${i} is not a finite number: ${v}`);
  });
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return { breaks: [], classes: [] };
  const distinct = new Set(sorted).size;
  const k = Math.min(wanted, distinct);
  const starts = method === 'jenks' ? jenksStarts(sorted, k) : quantileStarts(sorted, k);
  return fromStarts(sorted, starts);
}

/** The index in `sorted` where each class starts (0 first), ascending, never splitting equal values. */
function quantileStarts(sorted: number[], k: number): number[] {
  const n = sorted.length;
  const starts = [0];
  for (let c = 1; c < k; c++) {
    let i = Math.round((c * n) / k);
    // Equal values share a class: move the cut to where the value changes.
    while (i < n && i > 0 && sorted[i] === sorted[i - 1]) i++;
    if (i < n && i > starts[starts.length - 1]) starts.push(i);
  }
  return starts;
}

/**
 * Fisher (1958) / Jenks natural breaks by dynamic programming, O(k·n²): exact, and n is the number of grids (tens
 * to a few hundred), not of incidents. cost[c][j] = least within-class squared deviation of sorted[0..j] in c+1
 * classes.
 */
function jenksStarts(sorted: number[], k: number): number[] {
  const n = sorted.length;
  const sum = new Float64Array(n + 1);
  const sq = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    sum[i + 1] = sum[i] + sorted[i];
    sq[i + 1] = sq[i] + sorted[i] * sorted[i];
  }
  /** Squared deviation of sorted[i..j] from its mean. */
  const ssd = (i: number, j: number) => {
    const m = j - i + 1;
    const s = sum[j + 1] - sum[i];
    return Math.max(0, sq[j + 1] - sq[i] - (s * s) / m);
  };
  const cost: Float64Array[] = [];
  const from: Int32Array[] = [];
  cost.push(Float64Array.from({ length: n }, (_, j) => ssd(0, j)));
  from.push(new Int32Array(n));
  for (let c = 1; c < k; c++) {
    const row = new Float64Array(n).fill(Infinity);
    const arg = new Int32Array(n);
    for (let j = c; j < n; j++) {
      // The last class starts at i: sorted[i..j]; earlier classes cover sorted[0..i-1].
      for (let i = c; i <= j; i++) {
        // A cut between equal values would put one number in two classes.
        if (sorted[i] === sorted[i - 1]) continue;
        const v = cost[c - 1][i - 1] + ssd(i, j);
        if (v < row[j]) {
          row[j] = v;
          arg[j] = i;
        }
      }
    }
    cost.push(row);
    from.push(arg);
  }
  const starts: number[] = [];
  let j = n - 1;
  for (let c = k - 1; c > 0; c--) {
    const i = from[c][j];
    starts.push(i);
    j = i - 1;
  }
  starts.push(0);
  return starts.reverse();
}

function fromStarts(sorted: number[], starts: number[]): ClassBreaks {
  const classes = starts.map((s, c) => {
    const end = c + 1 < starts.length ? starts[c + 1] : sorted.length;
    return { from: sorted[s], to: sorted[end - 1], count: end - s };
  });
  return { breaks: classes.slice(1).map((c) => c.from), classes };
}

/**
 * The class of a value under `breaks` (0 = first).
 * @example classOf([0.5, 2], 0.7) === 1
 */
export function classOf(breaks: readonly number[], value: number): number {
  let c = 0;
  while (c < breaks.length && value >= breaks[c]) c++;
  return c;
}
