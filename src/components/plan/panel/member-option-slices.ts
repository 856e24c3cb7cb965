/**
 * Puts long option lists into the page a slice at a time (PlanMemberOptions): the first slice at once, the rest one
 * slice per task, every list's slices in one queue in the order they were asked for, so the page stays responsive
 * between them. No Vue here (the component holds the state); `schedule` is replaceable for tests.
 */

/** Options put in at once, and per later task. */
export const OPTION_SLICE = 120;

export interface SliceJob {
  /** Stops putting in further slices (the list changed again, or the select went away). */
  cancel(): void;
}

interface Pending {
  total: number;
  done: number;
  show: (n: number) => void;
  cancelled: boolean;
}

const queue: Pending[] = [];
let scheduled = false;
let schedule: (run: () => void) => void = (run) => setTimeout(run, 0);

function pump(): void {
  scheduled = false;
  const p = queue[0];
  if (!p) return;
  if (p.cancelled) {
    queue.shift();
  } else {
    p.done = Math.min(p.total, p.done + OPTION_SLICE);
    p.show(p.done);
    if (p.done >= p.total) queue.shift();
  }
  if (queue.length && !scheduled) {
    scheduled = true;
    schedule(pump);
  }
}

/**
 * Calls `show(n)` with the number of items to put in: at once with up to OPTION_SLICE (all of a short list), then
 * with OPTION_SLICE more per task until `show(total)`.
 * @example const job = enqueueSlices(list.length, (n) => (shown.value = list.slice(0, n))); … job.cancel();
 */
export function enqueueSlices(total: number, show: (n: number) => void): SliceJob {
  const first = Math.min(total, OPTION_SLICE);
  show(first);
  if (first >= total) return { cancel() {} };
  const p: Pending = { total, done: first, show, cancelled: false };
  queue.push(p);
  if (!scheduled) {
    scheduled = true;
    schedule(pump);
  }
  return {
    cancel() {
      p.cancelled = true;
    },
  };
}

/** For tests: run slices through `run` instead of a timer. */
export function setSliceScheduler(run: (next: () => void) => void): void {
  schedule = run;
}
