/**
 * The wall screen's carousel: incidents of level 2 and above that are still open at asOf (community, town and
 * county level: the ones a leader is asked about), the most serious and most overdue first.
 */
import type { IncidentCategory, IncidentLevel, IncidentProps, IncidentStatus } from './types';
import { dueState, incidentDeadline, type DeadlineOptions, type DueState } from './deadline';
import { parseTime } from './time';
import { scrubPersonal } from './wall-privacy';

export interface CarouselItem {
  id: string;
  level: IncidentLevel;
  category: IncidentCategory;
  status: IncidentStatus;
  title: string;
  gridCode: string;
  gridName: string;
  reportedAt: number;
  deadline: number;
  due: Exclude<DueState, 'closed'>;
  supervised: boolean;
  /** Where it is, for the map. */
  lonLat: [number, number] | null;
}

export interface CarouselOptions {
  asOf: number;
  gridNames: ReadonlyMap<string, string>;
  deadlines?: DeadlineOptions;
  /** Blanks personal data out of titles (personalScrubber with the dataset's names). Default: scrubPersonal. */
  scrub?: (text: string) => string;
  /** Lowest level shown. Default 2. */
  minLevel?: number;
  /** Items kept. Default 12. */
  limit?: number;
}

const DUE_ORDER: Record<CarouselItem['due'], number> = { overdue: 0, 'near-due': 1, 'on-track': 2 };

/**
 * @example carouselItems(incidents, { asOf, gridNames: new Map([['330424002012001', '一网格']]) })[0].level
 */
export function carouselItems(
  incidents: readonly { properties: IncidentProps; geometry?: { coordinates: number[] } | null }[],
  options: CarouselOptions,
): CarouselItem[] {
  const { asOf, deadlines } = options;
  const minLevel = options.minLevel ?? 2;
  const scrub = options.scrub ?? scrubPersonal;
  const out: CarouselItem[] = [];
  for (const f of incidents) {
    const p = f.properties;
    if (p.level < minLevel) continue;
    const reportedAt = parseTime(p.reportedAt);
    if (reportedAt > asOf) continue;
    const due = dueState(p, asOf, deadlines);
    if (due === 'closed') continue;
    const c = f.geometry?.coordinates;
    out.push({
      id: p.id,
      level: p.level,
      category: p.category,
      status: p.status,
      title: scrub(p.title ?? ''),
      gridCode: p.gridCode,
      gridName: options.gridNames.get(p.gridCode) ?? p.gridCode,
      reportedAt,
      deadline: incidentDeadline(p, deadlines),
      due,
      supervised: !!p.supervised,
      lonLat: c && c.length >= 2 ? [c[0], c[1]] : null,
    });
  }
  out.sort(
    (a, b) =>
      b.level - a.level || DUE_ORDER[a.due] - DUE_ORDER[b.due] || b.reportedAt - a.reportedAt || (a.id < b.id ? -1 : 1),
  );
  return out.slice(0, options.limit ?? 12);
}
