declare module 'polylabel' {
  /** The pole of inaccessibility of a polygon ([outer, ...holes]) and its distance to the nearest edge. */
  export default function polylabel(
    polygon: number[][][],
    precision?: number,
    debug?: boolean,
  ): [number, number] & { distance: number };
}
