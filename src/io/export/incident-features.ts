/**
 * An incident table's rows as the features an export writes (the CLI's `export --layer incidents` from
 * incidents.bin or incidents.csv, the analyst's download of the filtered incidents): io/incident-features' contract
 * properties, with `supervised` always written (true or false: an export's column says no as well as yes), made
 * afresh at each iteration so a county's million rows never sit in memory as objects. Pure: no node:fs, no DOM.
 */
import type { Feature, Point } from 'geojson';
import type { IncidentTable } from '../../domain/incident-table';
import type { IncidentProps } from '../../domain/types';
import { incidentFeature } from '../incident-features';
import type { ExportFeatures } from './common';

/**
 * Row `i` of the table as an export's feature: every time in China time with +08:00 (milliseconds when not zero),
 * `supervised` true or false, `deadline` the incident's own or, where the file had none, the one computed from its
 * level (the columns do not tell them apart), `title` and `enterpriseId` when set.
 * @example exportIncidentFeature(table, 0).properties.supervised // false
 */
export function exportIncidentFeature(t: IncidentTable, i: number): Feature<Point, IncidentProps> {
  const f = incidentFeature(t, i);
  f.properties.supervised = t.supervised[i] === 1;
  return f;
}

/**
 * The rows `rows` picks (a mask, 1 = written, as domain/incident-summary's filterMask gives; or row indexes; or
 * null for all) as a lazy view that can be iterated again (the writers read it up to twice), and how many they are.
 * `feature` makes row i's feature (default exportIncidentFeature).
 * @example const { features, count } = tableFeatures(table, filterMask(table, filter))
 */
export function tableFeatures(
  t: IncidentTable,
  rows: Uint8Array | readonly number[] | null,
  feature: (t: IncidentTable, i: number) => Feature = exportIncidentFeature,
): { features: ExportFeatures; count: number } {
  if (rows instanceof Uint8Array && rows.length !== t.n) {
    throw new RangeError(`tableFeatures: the mask has ${rows.length} slots for ${t.n} incidents`);
  }
  let count = t.n;
  if (rows instanceof Uint8Array) {
    count = 0;
    for (let i = 0; i < rows.length; i++) count += rows[i] ? 1 : 0;
  } else if (rows) count = rows.length;
  const features: ExportFeatures = {
    *[Symbol.iterator]() {
      if (rows instanceof Uint8Array) {
        for (let i = 0; i < rows.length; i++) if (rows[i]) yield feature(t, i);
      } else if (rows) for (const i of rows) yield feature(t, i);
      else for (let i = 0; i < t.n; i++) yield feature(t, i);
    },
  };
  return { features, count };
}
