/*
 * What the analyst map asks deck.gl to draw, as plain data: a layer class by name and its props (binary attributes,
 * colours, widths). The composables build these without importing deck.gl; src/map/deck/overlay.ts, loaded on
 * demand, turns them into deck.gl layers. So the overview and the wall never load deck.gl, and the builders are
 * tested in Node without WebGL.
 */

/** The deck.gl layer classes the analyst map uses. */
export type DeckLayerKind = 'column' | 'heatmap' | 'path';

/** One deck.gl layer: its class and props (`id` a public layer id, README). `beforeId` is set by the overlay. */
export interface DeckLayerSpec {
  kind: DeckLayerKind;
  props: { id: string } & Record<string, unknown>;
}

/**
 * Binary data as deck.gl takes it: `length` objects whose attributes are flat typed arrays (no per-object JavaScript
 * objects, no accessor calls). A new typed array for an attribute is uploaded; the same one is left as it is.
 */
export interface BinaryData {
  length: number;
  startIndices?: Uint32Array;
  attributes: Record<
    string,
    { value: Float64Array | Float32Array | Uint8Array; size: number; normalized?: boolean }
  >;
}

type Attribute = BinaryData['attributes'][string];
const attributes = new WeakMap<Attribute['value'], Attribute>();

/**
 * `{ value, size }` for a typed array, the same object each time for the same array: deck.gl compares binary
 * attributes by identity, so an unchanged array is not processed or uploaded again when the layer is rebuilt.
 * @example binaryAttribute(centres, 2) === binaryAttribute(centres, 2)
 */
export function binaryAttribute(value: Attribute['value'], size: number): Attribute {
  const known = attributes.get(value);
  if (known?.size === size) return known;
  // Bytes are colours, 0–255 for 0–1 (deck.gl warns unless told so).
  const made = value instanceof Uint8Array ? { value, size, normalized: true } : { value, size };
  attributes.set(value, made);
  return made;
}
