import { computed, onBeforeUnmount, onMounted, ref } from 'vue';

/** The wall screen is laid out once, at this size in CSS pixels, and scaled as a whole. */
export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

/**
 * Fits the 1920×1080 stage into the window: one uniform scale (the smaller of the two ratios), centred, so another
 * aspect ratio is letterboxed, never cropped or scrolled. `scale` also tells canvases how many device pixels a
 * stage pixel covers (scale × devicePixelRatio), so they draw crisp instead of being stretched.
 */
export function useWallStage() {
  const width = ref(window.innerWidth);
  const height = ref(window.innerHeight);
  const dpr = ref(window.devicePixelRatio || 1);
  const onResize = () => {
    width.value = window.innerWidth;
    height.value = window.innerHeight;
    dpr.value = window.devicePixelRatio || 1;
  };
  onMounted(() => window.addEventListener('resize', onResize));
  onBeforeUnmount(() => window.removeEventListener('resize', onResize));

  const scale = computed(() => Math.min(width.value / STAGE_WIDTH, height.value / STAGE_HEIGHT));
  const style = computed(() => {
    const s = scale.value;
    const x = (width.value - STAGE_WIDTH * s) / 2;
    const y = (height.value - STAGE_HEIGHT * s) / 2;
    return { transform: `translate(${x}px, ${y}px) scale(${s})` };
  });
  /** Device pixels per stage pixel: what a canvas on the stage must draw at. */
  const pixelRatio = computed(() => scale.value * dpr.value);
  return { scale, style, pixelRatio };
}
