/**
 * Structural checks of the data contract (DOMAIN.md): the file parses, has the right shape, and every required
 * property is present with the right type. A failure makes the dataset unreadable (exit 2 in the CLI, an error
 * banner in the app). Geometric faults inside readable geometry (self-intersections, gaps) are NOT checked here:
 * they are validation findings.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import {
  BASEMAP_KINDS,
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  MEMBER_ROLES,
  type Member,
} from '../domain/types';
import { parseTime } from '../domain/time';
import { GEOMETRY_FAULT, type GeometryFault } from '../domain/geometry-fault';
import { DatasetError, combineErrors, excerpt } from './errors';
import { geometryProblem } from './geometry-problem';
import { MAX_NESTING, tooDeep } from './nesting';

type Kind = 'string' | 'number' | 'boolean' | 'string[]' | 'time' | 'level' | readonly string[];

export interface PropertySpec {
  required: Record<string, Kind>;
  optional: Record<string, Kind>;
  /** Property that names a feature in messages ("feature 3 (code 330…)"). */
  label: string;
}

export interface FileSpec extends PropertySpec {
  geometry: readonly Geometry['type'][];
}

const AREAL = ['Polygon', 'MultiPolygon'] as const;
const LINEAGE = { parentCodes: 'string[]', validFrom: 'time', validTo: 'time' } as const;

export const FILE_SPECS: Record<string, FileSpec> = {
  'community.geojson': {
    geometry: AREAL,
    label: 'code',
    required: { code: 'string', name: 'string' },
    optional: { town: 'string', county: 'string', asOf: 'time', synthetic: 'boolean' },
  },
  'grids.geojson': {
    geometry: AREAL,
    label: 'code',
    required: { code: 'string', name: 'string' },
    optional: { communityCode: 'string', ...LINEAGE },
  },
  'microgrids.geojson': {
    geometry: AREAL,
    label: 'code',
    required: { code: 'string', gridCode: 'string' },
    optional: { name: 'string', kind: 'string', ...LINEAGE },
  },
  'enterprises.geojson': {
    geometry: ['Point'],
    label: 'id',
    required: { id: 'string', name: 'string', scale: ['above', 'below'] },
    optional: { industry: 'string', employees: 'number', gridCode: 'string', microGridCode: 'string' },
  },
  'incidents.geojson': {
    geometry: ['Point'],
    label: 'id',
    required: {
      id: 'string',
      category: INCIDENT_CATEGORIES,
      level: 'level',
      status: INCIDENT_STATUSES,
      reportedAt: 'time',
      gridCode: 'string',
    },
    optional: {
      acceptedAt: 'time',
      dispatchedAt: 'time',
      resolvedAt: 'time',
      verifiedAt: 'time',
      closedAt: 'time',
      deadline: 'time',
      supervised: 'boolean',
      title: 'string',
      enterpriseId: 'string',
    },
  },
  'patrols.geojson': {
    geometry: ['LineString'],
    label: 'id',
    required: { id: 'string', memberId: 'string', gridCode: 'string', startedAt: 'time' },
    optional: { endedAt: 'time' },
  },
  'basemap.geojson': {
    geometry: ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'],
    label: 'name',
    required: { kind: BASEMAP_KINDS },
    optional: { name: 'string', class: 'string' },
  },
};

export const MEMBER_SPEC: PropertySpec = {
  label: 'id',
  required: { id: 'string', name: 'string', role: MEMBER_ROLES, gridCode: 'string' },
  optional: { microGridCode: 'string', phone: 'string', affiliation: 'string' },
};

/** Why a value does not fit its kind, or null when it does. Null/undefined are handled by the caller. */
function misfit(value: unknown, kind: Kind): string | null {
  if (Array.isArray(kind)) {
    return typeof value === 'string' && kind.includes(value)
      ? null
      : `must be one of ${kind.map((k) => `"${k}"`).join(', ')}, got ${excerpt(value)}`;
  }
  switch (kind) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? null : `must be a non-empty string, got ${excerpt(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : `must be a number, got ${excerpt(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `must be true or false, got ${excerpt(value)}`;
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : 'must be an array of strings';
    case 'time':
      return typeof value === 'string' && !Number.isNaN(parseTime(value))
        ? null
        : `must be an ISO 8601 time, got ${excerpt(value)}`;
    case 'level':
      return value === 1 || value === 2 || value === 3 || value === 4 ? null : `must be 1, 2, 3 or 4, got ${excerpt(value)}`;
  }
  return null;
}

/** A spec's properties as lists, made once per spec: reading checks tens of thousands of features against one. */
const specLists = new WeakMap<PropertySpec, { required: [string, Kind][]; optional: [string, Kind][] }>();

function listsOf(spec: PropertySpec) {
  let lists = specLists.get(spec);
  if (!lists) specLists.set(spec, (lists = { required: Object.entries(spec.required), optional: Object.entries(spec.optional) }));
  return lists;
}

/** Checks one properties object; returns problems as "property "x" …" strings. */
export function checkProperties(props: Record<string, unknown> | null | undefined, spec: PropertySpec): string[] {
  let problems: string[] | undefined;
  const p = props ?? {};
  const { required, optional } = listsOf(spec);
  // Indexed, not destructured: reading runs before the JIT has warmed up, where destructuring makes an iterator.
  for (let i = 0; i < required.length; i++) {
    const key = required[i][0];
    const kind = required[i][1];
    const v = p[key];
    if (v === undefined || v === null || v === '') (problems ??= []).push(`required property "${key}" is missing`);
    else {
      const why = misfit(v, kind);
      if (why) (problems ??= []).push(`property "${key}" ${why}`);
    }
  }
  for (let i = 0; i < optional.length; i++) {
    const key = optional[i][0];
    const kind = optional[i][1];
    const v = p[key];
    if (v === undefined || v === null || v === '') continue;
    const why = misfit(v, kind);
    if (why) (problems ??= []).push(`property "${key}" ${why}`);
  }
  return problems ?? [];
}

/** A feature's label as it may appear in a message: as it is when short and plain, else a short escaped excerpt. */
function labelText(value: string | number): string {
  return typeof value === 'number' || /^[^\s\p{C}"'\\]{1,40}$/u.test(value) ? String(value) : excerpt(value);
}

function place(index: number, props: Record<string, unknown> | null | undefined, label: string): string {
  const name = props?.[label];
  return typeof name === 'string' || typeof name === 'number' ? `feature ${index} (${label} ${labelText(name)})` : `feature ${index}`;
}

/**
 * Parses the text of a GeoJSON file of the contract and checks it; throws DatasetError naming the file and place.
 * With `lenientGeometry`, a feature whose geometry is not geometry at all (wrong type, malformed coordinates) is
 * kept, its geometry set to null and the reason recorded on it (domain/geometry-fault), for validation to report
 * as invalid-geometry; its properties are checked as usual.
 * @example parseFeatureCollection('grids.geojson', text) // → FeatureCollection of grids
 */
export function parseFeatureCollection<G extends Geometry, P>(
  file: string,
  text: string,
  options: { lenientGeometry?: boolean } = {},
): FeatureCollection<G, P> {
  const spec = FILE_SPECS[file];
  if (!spec) throw new DatasetError(file, 'is not a file of the data contract');
  const fc = parseJson(file, text) as FeatureCollection;
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new DatasetError(file, 'must be a GeoJSON FeatureCollection with a "features" array');
  }
  const errors: DatasetError[] = [];
  // Coordinates checked level by level below (geometryProblem): the nesting check need not walk them again. They
  // sit 4 levels down (features[i].geometry.coordinates) and nest at most 4 more, far within MAX_NESTING.
  const shallow = new Set<object>();
  fc.features.forEach((f: Feature, i: number) => {
    const props = f?.properties as Record<string, unknown> | null;
    // Only a feature with a problem is named: the label check is a Unicode regular expression.
    const where = () => place(i, props, spec.label);
    if (!f || f.type !== 'Feature') {
      errors.push(new DatasetError(file, 'is not a GeoJSON Feature', where()));
      return;
    }
    const problem = geometryProblem(f.geometry, spec.geometry);
    if (problem && options.lenientGeometry) {
      // Validation reports it as a finding (invalid-geometry) rather than refusing the file; nothing downstream
      // ever sees the malformed value (strings for numbers, arrays nested 100,000 deep).
      const fault: GeometryFault = { message: problem, file, index: i };
      fc.features[i] = { ...f, geometry: null, [GEOMETRY_FAULT]: fault } as unknown as Feature;
    } else if (problem) errors.push(new DatasetError(file, problem, where()));
    else shallow.add((f.geometry as Exclude<Geometry, { type: 'GeometryCollection' }>).coordinates);
    const propertyProblems = checkProperties(props, spec);
    if (propertyProblems.length) {
      const at = where();
      for (const problem of propertyProblems) errors.push(new DatasetError(file, problem, at));
    }
  });
  if (errors.length) throw combineErrors(file, errors);
  refuseDeepNesting(file, fc, shallow);
  return fc as FeatureCollection<G, P>;
}

/** Parses and checks members.json (an array of members). */
export function parseMembers(text: string): Member[] {
  const file = 'members.json';
  const json = parseJson(file, text);
  if (!Array.isArray(json)) throw new DatasetError(file, 'must be a JSON array of members');
  const errors: DatasetError[] = [];
  json.forEach((m: Record<string, unknown>, i: number) => {
    // Named only when something is wrong (the label check is a Unicode regular expression).
    const where = () => (typeof m?.id === 'string' ? `member ${i} (id ${labelText(m.id)})` : `member ${i}`);
    if (!m || typeof m !== 'object') errors.push(new DatasetError(file, 'must be an object', where()));
    else {
      const problems = checkProperties(m, MEMBER_SPEC);
      if (problems.length) {
        const at = where();
        for (const problem of problems) errors.push(new DatasetError(file, problem, at));
      }
    }
  });
  if (errors.length) throw combineErrors(file, errors);
  refuseDeepNesting(file, json);
  return json as Member[];
}

/**
 * Throws when what reading keeps nests deeper than MAX_NESTING (in properties or foreign members: malformed
 * geometry is dealt with before), which cloning it to a worker or writing it out would overflow the stack on.
 */
export function refuseDeepNesting(file: string, value: unknown, shallow?: ReadonlySet<object>): void {
  const path = tooDeep(value, MAX_NESTING, shallow);
  if (path === null) return;
  const shown = path.length > 80 ? `${path.slice(0, 80)}…` : path;
  throw new DatasetError(file, `nests more than ${MAX_NESTING} levels deep (at ${shown})`);
}

/** Line and column (1-based) of a UTF-16 offset in `text`. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * Why JSON.parse refused `text`, in words that never quote the text: a file that is not a contract file (a symlink
 * to something else, a file of secrets) must not have its content echoed. V8's messages quote up to ten characters
 * ('Unexpected token 'h', "hello secr"... is not valid JSON') or give a position; we keep the reason and the place.
 */
function jsonFailure(text: string, e: unknown): string {
  if (!(e instanceof SyntaxError)) {
    // V8 parses iteratively, but an engine may run out of stack on arrays nested 100,000 deep: unreadable input.
    return `could not be parsed (${e instanceof Error ? e.name : 'error'}: nested too deeply or too large)`;
  }
  const m = e.message;
  // "Expected ',' or '}' after property value in JSON at position 12": V8's own words, quoting punctuation only.
  const at = /^(.*?)(?: in JSON| after JSON)? at position (\d+)/.exec(m);
  if (at && !/["'`]/.test(at[1].replace(/'[^']'/g, ''))) return `is not valid JSON (${at[1]} at ${lineColumn(text, Number(at[2]))})`;
  const token = /^Unexpected token '(.+?)', /s.exec(m);
  if (token) return `is not valid JSON (unexpected character ${excerpt(token[1])})`;
  if (/^Unexpected end of JSON input/.test(m)) return 'is not valid JSON (it ends too early: cut short?)';
  // Other engines' wording: kept when it quotes nothing.
  return !/["'`]/.test(m) && m.length <= 120 ? `is not valid JSON (${m})` : 'is not valid JSON';
}

/** JSON.parse with a BOM allowed and an error that names the file, never quoting its content. */
export function parseJson(file: string, text: string): unknown {
  const body = stripBom(text);
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new DatasetError(file, jsonFailure(body, e), undefined, { key: 'invalidJson' });
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
