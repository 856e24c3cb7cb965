import { onBeforeUnmount, ref, watch, type Ref } from 'vue';

/**
 * A menu or small dialog opened from a button: `open` turns false on a press outside `root`, and on Escape (or
 * whatever `onKey` says; it gets every key while open). The listeners are on only while it is open, and go with
 * the component. On the document, because the focus may be anywhere (a disabled button loses it).
 * @example const open = usePopover(root) // <div ref="root"><button @click="open = !open">…
 */
export function usePopover(
  root: Ref<HTMLElement | null>,
  onKey: (e: KeyboardEvent, close: () => void) => void = (e, close) => {
    if (e.key === 'Escape') close();
  },
): Ref<boolean> {
  const open = ref(false);
  const close = () => {
    open.value = false;
  };
  const onOutside = (e: PointerEvent) => {
    if (root.value && !root.value.contains(e.target as Node)) close();
  };
  const key = (e: KeyboardEvent) => onKey(e, close);
  const listen = (on: boolean) => {
    const method = on ? 'addEventListener' : 'removeEventListener';
    document[method]('pointerdown', onOutside as EventListener);
    document[method]('keydown', key as EventListener);
  };
  watch(open, listen);
  onBeforeUnmount(() => listen(false));
  return open;
}
