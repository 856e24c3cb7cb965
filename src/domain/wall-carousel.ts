/**
 * The wall screen's carousel: incidents of level 2 and above that are still open at asOf (community, town and
 * county level: the ones a leader is asked about), the most serious and most overdue first.
 */
import type { IncidentCategory, IncidentLevel, IncidentStatus } from './types';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES } from './types';
import { dueStateAt, type DueState } from './deadline';
import type { IncidentTable } from './incident-table';
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
  lonLat: [number, number];
}

export interface CarouselOptions {
  asOf: number;
  gridNames: ReadonlyMap<string, string>;
  /** Blanks personal data out of titles (personalScrubber with the dataset's names). Default: scrubPersonal. */
  scrub?: (text: string) => string;
  /** Lowest level shown. Default 2. */
  minLevel?: number;
  /** Items kept. Default 12. */
  limit?: number;
}

const DUE_ORDER: Record<CarouselItem['due'], number> = { overdue: 0, 'near-due': 1, 'on-track': 2 };

/**
 * Deadlines and the near-due share are the table's (domain/incident-table); titles too, when it was read with them.
 * @example carouselItems(datasetIncidents(dataset), { asOf, gridNames: new Map([['330424002012001', '一网格']]) })
 */
export function carouselItems(table: IncidentTable, options: CarouselOptions): CarouselItem[] {
  const { asOf } = options;
  const minLevel = options.minLevel ?? 2;
  const scrub = options.scrub ?? scrubPersonal;
  const { reported, closed, deadline, gridCodes, title } = table;
  const share = table.deadlines.nearDueShare;
  const out: CarouselItem[] = [];
  for (let i = 0; i < table.n; i++) {
    const level = table.level[i] as IncidentLevel;
    if (level < minLevel) continue;
    if (reported[i] > asOf) continue;
    const due = dueStateAt(reported[i], closed[i], deadline[i], asOf, share);
    if (due === 'closed') continue;
    const gridCode = gridCodes[table.grid[i]];
    out.push({
      id: table.id[i],
      level,
      category: INCIDENT_CATEGORIES[table.category[i]],
      status: INCIDENT_STATUSES[table.status[i]],
      // Scrubbed once the items on screen are chosen (below): a county has tens of thousands of open incidents.
      title: title?.[i] ?? '',
      gridCode,
      gridName: options.gridNames.get(gridCode) ?? gridCode,
      reportedAt: reported[i],
      deadline: deadline[i],
      due,
      supervised: table.supervised[i] === 1,
      lonLat: [table.lon[i], table.lat[i]],
    });
  }
  out.sort(
    (a, b) =>
      b.level - a.level || DUE_ORDER[a.due] - DUE_ORDER[b.due] || b.reportedAt - a.reportedAt || (a.id < b.id ? -1 : 1),
  );
  return out.slice(0, options.limit ?? 12).map((item) => ({ ...item, title: scrub(item.title) }));
}
