// What the analyst-screen browser benchmarks share (analyze-perf.mjs, analyze-map-perf.mjs): the page hook that
// records long tasks and stamps `ready`, the command-line option reader and the summary statistics. Plain JavaScript:
// the benchmarks are plain Node scripts.

/** `--name value` from the command line, else `fallback`. */
export function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/**
 * Runs in the page before any of its scripts (page.addInitScript): records every long task (buffered, so none is
 * missed) in `window.__longTasks` and stamps `window.__readyAt` (performance.now()) when the first `ready` resolves.
 */
export const HOOK = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  let handle;
  Object.defineProperty(window, '__gridsight', {
    configurable: true,
    get: () => handle,
    set(value) {
      handle = value;
      value?.ready?.then(() => {
        window.__readyAt ??= performance.now();
      });
    },
  });
};

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length ? (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) : NaN;
};

export const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
