/** Where two segments meet, by orientation tests on raw coordinates (a linear projection changes no answer). */

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return (
    orient(ax, ay, bx, by, px, py) === 0 &&
    Math.min(ax, bx) <= px && px <= Math.max(ax, bx) &&
    Math.min(ay, by) <= py && py <= Math.max(ay, by)
  );
}

/**
 * Where segments ab and cd meet, or null. Adjacent segments may share their common end (and only that); a
 * touch anywhere else, a crossing or a collinear overlap counts.
 */
export function meeting(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
  adjacent: boolean,
): [number, number] | null {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
    const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  // Touching or collinear: an end of one on the other.
  if (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy) && !(adjacent && isEnd(cx, cy, ax, ay, bx, by))) return [cx, cy];
  if (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy) && !(adjacent && isEnd(dx, dy, ax, ay, bx, by))) return [dx, dy];
  if (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay) && !(adjacent && isEnd(ax, ay, cx, cy, dx, dy))) return [ax, ay];
  if (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by) && !(adjacent && isEnd(bx, by, cx, cy, dx, dy))) return [bx, by];
  return null;
}

/** (px, py) is an end of segment ab. */
function isEnd(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  return (px === ax && py === ay) || (px === bx && py === by);
}
