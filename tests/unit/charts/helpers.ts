/** Test helpers for the chart builders: a translate function that shows its key, and a small hand-made summary. */
import { INCIDENT_CATEGORIES, type IncidentCategory } from '../../../src/domain/types';
import type { IncidentSummary } from '../../../src/domain/incident-filter';
import { NO_FILTER } from '../../../src/domain/incident-filter';
import type { Translate } from '../../../src/charts/common';

export const t: Translate = (key, named) => (named ? `${key}${JSON.stringify(named)}` : key);

export const day = (iso: string) => Date.parse(`${iso}T00:00+08:00`);

/** Three days across a month boundary: 2026-09-30, 2026-10-01, 2026-10-02. */
export function smallSummary(): IncidentSummary {
  const days = [day('2026-09-30'), day('2026-10-01'), day('2026-10-02')];
  const byCategory = Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [c, [0, 0, 0]])) as Record<
    IncidentCategory,
    number[]
  >;
  byCategory.fire = [2, 0, 1];
  byCategory.safety = [1, 3, 0];
  return {
    filter: NO_FILTER,
    total: 7,
    days,
    byCategory,
    byLevel: { '1': [1, 2, 1], '2': [2, 0, 0], '3': [0, 1, 0], '4': [0, 0, 0] },
    months: ['2026-09', '2026-10'],
    closureRate: [0.5, null],
    onTimeRate: [null, 1],
    grids: [
      { code: 'g1', name: '一号网格', count: 4, enterprises: 10, perEnterprise: 0.4 },
      { code: 'g2', name: '二号网格', count: 2, enterprises: 1, perEnterprise: 2 },
      { code: 'g3', name: '三号网格', count: 1, enterprises: 0, perEnterprise: null },
    ],
    communities: [],
    towns: [],
  };
}
