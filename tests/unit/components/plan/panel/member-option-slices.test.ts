/**
 * Long option lists go into the roster's selects a slice at a time, in the order asked, and a cancelled list stops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OPTION_SLICE, enqueueSlices, setSliceScheduler } from '../../../../../src/components/plan/panel/member-option-slices';

const tasks: (() => void)[] = [];
setSliceScheduler((run) => tasks.push(run));
const runAll = () => {
  while (tasks.length) tasks.shift()!();
};
afterEach(runAll);

describe('member option slices', () => {
  it('shows a short list at once and queues nothing', () => {
    const seen: number[] = [];
    enqueueSlices(OPTION_SLICE, (n) => seen.push(n));
    expect(seen).toEqual([OPTION_SLICE]);
    expect(tasks).toHaveLength(0);
  });

  it('shows a long list a slice per task, lists one after another, and stops a cancelled one', () => {
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    enqueueSlices(OPTION_SLICE * 2 + 5, (n) => a.push(n));
    const jobB = enqueueSlices(OPTION_SLICE * 3, (n) => b.push(n));
    enqueueSlices(OPTION_SLICE + 1, (n) => c.push(n));
    // The first slice of each at once, the rest later.
    expect([a, b, c]).toEqual([[OPTION_SLICE], [OPTION_SLICE], [OPTION_SLICE]]);
    expect(tasks).toHaveLength(1);
    tasks.shift()!();
    expect(a).toEqual([OPTION_SLICE, OPTION_SLICE * 2]);
    jobB.cancel();
    runAll();
    expect(a).toEqual([OPTION_SLICE, OPTION_SLICE * 2, OPTION_SLICE * 2 + 5]);
    expect(b).toEqual([OPTION_SLICE]);
    expect(c).toEqual([OPTION_SLICE, OPTION_SLICE + 1]);
  });
});
