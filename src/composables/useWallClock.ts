import { onBeforeUnmount, onMounted, ref } from 'vue';

/** The time, updated on the second: one timer for the whole wall (clock, countdowns, "stale since"). */
export function useWallClock() {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = () => {
    now.value = Date.now();
    // Aligned to the next whole second, so the clock does not drift against the wall clock beside it.
    timer = setTimeout(tick, 1000 - (now.value % 1000) + 5);
  };
  onMounted(tick);
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer);
    timer = null;
  });
  return now;
}
