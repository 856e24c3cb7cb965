/**
 * An incident table's rows back as the contract's properties and features: what incidents.csv's writer and the
 * server's import (which stores incidents as GeoJSON lines) need from a table read out of incidents.csv or
 * incidents.bin. The table keeps every lifecycle time, the category, level, status, grid, supervised flag, enterprise
 * and (when read with them) the title; the deadline comes back explicit (the moment the table holds).
 */
import type { Feature, Point } from 'geojson';
import type { IncidentTable } from '../domain/incident-table';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, type IncidentLevel, type IncidentProps } from '../domain/types';
import { CST_OFFSET_MS } from '../domain/time';

/**
 * ISO 8601 in China time, milliseconds kept when there are any (domain/time's formatCst drops them).
 * @example cstTime(Date.parse('2026-03-06T02:00:00Z')) // '2026-03-06T10:00:00+08:00'
 */
export function cstTime(t: number): string {
  const iso = new Date(t + CST_OFFSET_MS).toISOString();
  return `${t % 1000 ? iso.slice(0, 23) : iso.slice(0, 19)}+08:00`;
}

/**
 * Row `i` of the table as incident properties, in incidents.csv's column order; absent values are left out.
 * @example incidentProps(table, 0).reportedAt // '2025-12-01T00:00:41+08:00'
 */
export function incidentProps(t: IncidentTable, i: number): IncidentProps {
  const p: IncidentProps = {
    id: t.id[i],
    category: INCIDENT_CATEGORIES[t.category[i]],
    level: t.level[i] as IncidentLevel,
    status: INCIDENT_STATUSES[t.status[i]],
    reportedAt: cstTime(t.reported[i]),
    gridCode: t.gridCodes[t.grid[i]],
  };
  // Added one by one, present ones only, so the keys keep the CSV's order and no key holds undefined.
  const time = (key: 'acceptedAt' | 'dispatchedAt' | 'resolvedAt' | 'verifiedAt' | 'closedAt' | 'deadline', v: number) => {
    if (!Number.isNaN(v)) p[key] = cstTime(v);
  };
  time('acceptedAt', t.accepted[i]);
  time('dispatchedAt', t.dispatched[i]);
  time('resolvedAt', t.resolved[i]);
  time('verifiedAt', t.verified[i]);
  time('closedAt', t.closed[i]);
  time('deadline', t.deadline[i]);
  if (t.supervised[i]) p.supervised = true;
  if (t.title?.[i]) p.title = t.title[i];
  if (t.enterprise[i] >= 0) p.enterpriseId = t.enterpriseIds[t.enterprise[i]];
  return p;
}

/**
 * Row `i` as a Point feature.
 * @example JSON.stringify(incidentFeature(table, 0))
 */
export function incidentFeature(t: IncidentTable, i: number): Feature<Point, IncidentProps> {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [t.lon[i], t.lat[i]] }, properties: incidentProps(t, i) };
}
