import { computed, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';

/** Window events that count as someone at the screen. */
const INTERACTIONS = ['pointerdown', 'pointermove', 'wheel', 'keydown', 'touchstart'] as const;

/**
 * The unattended tour: every `tourSeconds` the view moves on, alternating the whole community (`code` null, the
 * first view) with the next grid (in code order, wrapping round), so a leader sees the whole picture between any
 * two grids. Pointer, wheel and keyboard interaction pauses it for `pauseSeconds` after the last one. The position
 * is a grid code, so new data keeps it wherever that grid still exists. `focus` is called with every new view
 * (null: the whole community).
 */
export function useWallTour(options: {
  codes: Ref<string[]>;
  active: Ref<boolean>;
  tourSeconds: Ref<number>;
  pauseSeconds: Ref<number>;
  focus: (code: string | null) => void;
}) {
  /** The grid on screen; null while the whole community is. */
  const code = ref<string | null>(null);
  /** The last grid shown: the tour goes on from it after a community view. */
  let lastGrid: string | null = null;
  const steps = ref(0);
  /** Epoch ms until which the tour waits; 0: running. */
  const pausedUntil = ref(0);
  /** Epoch ms when the current grid's time is up. */
  const nextAt = ref(0);
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** The index of the grid on screen, or of the one shown last while the community is (-1 before any). */
  const position = computed(() => {
    const c = code.value ?? (steps.value > 0 ? lastGrid : null);
    return c ? options.codes.value.indexOf(c) : -1;
  });

  function arm(ms: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, Math.max(0, ms));
  }

  function step(): void {
    const codes = options.codes.value;
    if (!codes.length) return;
    if (code.value !== null || steps.value === 0) {
      // A grid (or nothing yet) was on screen: now the whole community.
      if (code.value !== null) lastGrid = code.value;
      code.value = null;
    } else {
      const i = lastGrid ? codes.indexOf(lastGrid) : -1;
      code.value = codes[(i + 1) % codes.length];
    }
    steps.value++;
    options.focus(code.value);
    nextAt.value = Date.now() + options.tourSeconds.value * 1000;
    arm(options.tourSeconds.value * 1000);
  }

  function tick(): void {
    timer = null;
    if (!options.active.value) return;
    const wait = pausedUntil.value - Date.now();
    if (wait > 0) return arm(wait);
    pausedUntil.value = 0;
    step();
  }

  function onInteraction(): void {
    pausedUntil.value = Date.now() + options.pauseSeconds.value * 1000;
  }

  watch(options.active, (a) => {
    if (a && !timer && !code.value) step();
    else if (a && !timer) tick();
  });
  // The grid on screen was revoked by new data: move on rather than show a grid that is gone.
  watch(options.codes, (codes) => {
    if (code.value && !codes.includes(code.value) && options.active.value) step();
  });

  onMounted(() => {
    for (const e of INTERACTIONS) window.addEventListener(e, onInteraction, { passive: true });
  });
  onBeforeUnmount(() => {
    for (const e of INTERACTIONS) window.removeEventListener(e, onInteraction);
    if (timer) clearTimeout(timer);
    timer = null;
  });

  return { code, steps, position, pausedUntil, nextAt };
}
