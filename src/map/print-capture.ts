import type { Map as MapLibreMap } from 'maplibre-gl';
import { metresPerPixel } from './analysis-metres';
import { mapPadding } from './fit';

/** The map as a picture of the print's frame, and what the sheet says of it. */
export interface MapCapture {
  /** Exactly the frame's size in pixels. */
  canvas: HTMLCanvasElement;
  /** Ground metres per picture pixel at the centre of the frame. */
  metresPerPx: number;
  /** The map's bearing in degrees (0: north up), for the north arrow. */
  bearing: number;
}

/** The frame is larger than this browser's WebGL can draw in one go. */
export class PrintTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the map frame is larger than the largest WebGL drawing buffer (${limit} px)`);
  }
}

export class PrintCancelledError extends Error {
  constructor() {
    super('print cancelled');
  }
}

/** MapLibre's cap on the canvas size (4096² unless told otherwise): internal, raised while the print is drawn. */
type Capped = MapLibreMap & { _maxCanvasSize: [number, number]; _overridePixelRatio?: number | null };

/** What to draw: the frame's size in device pixels and the map's pixel ratio (paper/printPixelRatio). */
export interface CaptureSize {
  width: number;
  height: number;
  pixelRatio: number;
}

/**
 * The part of the map the user sees: the container less the side panel on the right (the room map/fit keeps clear
 * for it), as its centre and its size in CSS pixels.
 */
function viewOnScreen(m: MapLibreMap): { center: [number, number]; width: number; height: number } {
  const container = m.getContainer();
  const w = container.clientWidth || 1;
  const h = container.clientHeight || 1;
  const right = Math.min(mapPadding(m).right ?? 0, w / 2);
  const width = w - right;
  return { center: m.unproject([width / 2, h / 2]).toArray() as [number, number], width, height: h };
}

/**
 * Draws the live map for the print's frame and copies it. The map's container takes the frame's shape at the
 * print's pixel ratio (so labels and lines have their on-screen size in CSS pixels, at the sheet's DPI), the view on
 * screen is centred in it and zoomed to fit (the print shows at least what the user sees, clear of the side panel),
 * and MapLibre's canvas cap is raised to the frame's size. deck.gl, interleaved, draws in MapLibre's frame and is in
 * the copy. Once the map is idle the canvas is copied inside a `render` event (the drawing buffer is not preserved
 * after the frame), and everything is put back, also on failure or on `signal`'s abort.
 * @example const { canvas } = await captureMap(map, { width: 2398, height: 1819, pixelRatio: printPixelRatio(300) })
 */
export async function captureMap(
  map: MapLibreMap,
  size: CaptureSize,
  signal?: AbortSignal,
): Promise<MapCapture> {
  const m = map as Capped;
  const { width, height, pixelRatio: ratio } = size;
  const container = m.getContainer();
  const printW = Math.ceil(width / ratio);
  const printH = Math.ceil(height / ratio);

  const gl = m.getCanvas().getContext('webgl2') ?? m.getCanvas().getContext('webgl');
  const limit = gl
    ? Math.min(
        gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number,
        ...(gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array),
      )
    : 4096;
  if (Math.round(printW * ratio) > limit || Math.round(printH * ratio) > limit)
    throw new PrintTooLargeError(limit);

  const view = viewOnScreen(m);
  const saved = {
    camera: {
      center: m.getCenter(),
      zoom: m.getZoom(),
      bearing: m.getBearing(),
      pitch: m.getPitch(),
      padding: m.getPadding(),
    },
    pixelRatio: m._overridePixelRatio ?? null,
    maxCanvasSize: m._maxCanvasSize,
    width: container.style.width,
    height: container.style.height,
  };
  try {
    m._maxCanvasSize = [limit, limit];
    container.style.width = `${printW}px`;
    container.style.height = `${printH}px`;
    m.setPixelRatio(ratio);
    m.jumpTo({
      center: view.center,
      zoom: saved.camera.zoom + Math.log2(Math.min(printW / view.width, printH / view.height)),
      bearing: saved.camera.bearing,
      pitch: saved.camera.pitch,
      padding: { top: 0, right: 0, bottom: 0, left: 0 },
    });
    // deck.gl (interleaved, #/analyze) learns the canvas's new size from a ResizeObserver, delivered after a frame's
    // animation callbacks: drawn before it, its layers come out at the old size and offset. Two frames let it catch up.
    await animationFrames(2);
    await settled(m, signal);
    const source = m.getCanvas();
    if (source.width < width || source.height < height)
      throw new PrintTooLargeError(Math.min(source.width, source.height));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    await new Promise<void>((resolve) => {
      m.once('render', () => {
        // The canvas is at most a pixel larger than the frame (CSS pixels are whole): its centre is taken.
        const sx = Math.floor((source.width - width) / 2);
        const sy = Math.floor((source.height - height) / 2);
        canvas.getContext('2d')!.drawImage(source, sx, sy, width, height, 0, 0, width, height);
        resolve();
      });
      m.triggerRepaint();
    });
    return {
      canvas,
      metresPerPx: metresPerPixel(m.getCenter().lat, m.getZoom()) / (source.width / printW),
      bearing: m.getBearing(),
    };
  } finally {
    container.style.width = saved.width;
    container.style.height = saved.height;
    m._maxCanvasSize = saved.maxCanvasSize;
    // setPixelRatio(null) hands the ratio back to the device (the type asks for a number; MapLibre takes null).
    m.setPixelRatio(saved.pixelRatio as number);
    m.jumpTo(saved.camera);
  }
}

/** Resolves after `n` animation frames. */
function animationFrames(n: number): Promise<void> {
  return new Promise((resolve) => {
    const step = () => (--n <= 0 ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  });
}

/** Resolves when the map has drawn everything there is to draw (sources loaded, no transition), or on abort. */
function settled(m: MapLibreMap, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new PrintCancelledError());
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const abort = () => {
      m.off('idle', done);
      reject(new PrintCancelledError());
    };
    signal?.addEventListener('abort', abort, { once: true });
    m.once('idle', done);
    m.triggerRepaint();
  });
}
