/**
 * The import pipeline: a layer read from a user's file (`RawLayer`) becomes features of one contract file, with a
 * report of what was taken, what was refused and why, before anything is written. The CLI's `import` and the app's
 * import preview both call `importLayer`; neither writes a feature this function refused.
 *
 * Steps, per feature or row: columns → contract properties (named with `map`, else recognised by name in Chinese or
 * English), values → the contract's types ("规上" → "above", "2026/3/1 9:00" → ISO 8601), coordinates → WGS84 (the
 * CRS chosen, read from the `.prj`, or told by the format), geometry checked against the file's types, properties
 * against the contract (`checkProperties`, the loader's own check), codes and credit codes, duplicates, and place
 * (inside the dataset's communities, when there are any).
 */
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { isCommunityCode, isGridCode, isMicroGridCode } from '../../domain/codes';
import { isValidUscc, USCC_ALPHABET } from '../../domain/uscc';
import { parseTime } from '../../domain/time';
import { CATEGORY_LABELS_ZH, SCALE_LABELS_ZH, STATUS_LABELS_ZH } from '../../domain/value-labels';
import { CrsError, crsFromCode, crsFromPrj, guessCrs, type Crs } from '../crs';
import { metresPerDegreeAt } from '../../geo/projection';
import { segmentDistance2 } from '../../geo/topology/geom';
import { basemapFitIndex, onBasemapShare, type BasemapFitIndex } from '../../geo/basemap-fit';
import { excerpt } from '../errors';
import { AREAL_LAYERS, CONTRACT_LAYERS, LAYER_FILE, type ContractLayer } from '../layers';
import { geometryProblem } from '../geometry-problem';
import { checkProperties, FILE_SPECS, type FileSpec } from '../schema';
import { sameFeature } from './same-feature';
import { ImportError, type ImportIssue, type RawLayer } from './types';

/** What an import can become: one file of the data contract each. */
export const IMPORT_TARGETS = CONTRACT_LAYERS;
export type ImportTarget = ContractLayer;

/** The contract file each target writes. */
export const TARGET_FILE = LAYER_FILE;

/** Targets whose features are boundaries (replaced as a whole, never merged row by row). */
export const AREAL_TARGETS = AREAL_LAYERS;

/** Pseudo-properties that give a table row its point: longitude and latitude (or easting and northing). */
const LOCATION = ['lon', 'lat'] as const;

/**
 * Column names recognised without a mapping, per target and property, compared after `normalise` (case, spaces,
 * underscores and brackets ignored). The property's own name always counts first. Chinese names are those of the
 * 自然资源 and 市场监管 tables grid offices receive; short uppercase ones (WGBM, MC) are pinyin initials common in
 * Shapefile attribute tables, whose field names are at most 10 bytes; `communityC`, `dispatched`… are the contract's
 * own names as `gridsight export` cuts them to fit a .dbf, so an exported Shapefile comes back without `--map`.
 */
const ALIASES: Record<ImportTarget, Record<string, string[]>> = {
  community: {
    code: ['编码', '代码', '社区编码', '社区代码', '村社区代码', 'SQBM', 'BM', 'DM'],
    name: ['名称', '社区名称', '社区', 'SQMC', 'MC'],
    town: ['镇', '镇街', '乡镇', '乡镇街道', '所属镇街', 'XZ'],
    county: ['县', '县区', '区县', 'XQ'],
    asOf: ['数据时间', '截至'],
  },
  grids: {
    code: ['编码', '代码', '网格编码', '网格代码', '网格编号', 'WGBM', 'BM', 'DM'],
    name: ['名称', '网格名称', '网格', 'WGMC', 'MC'],
    communityCode: ['社区编码', '社区代码', '所属社区编码', 'SQBM', 'communityC'],
    validFrom: ['生效日期', '启用日期'],
    validTo: ['失效日期', '撤销日期'],
    parentCodes: ['上级编码', '原网格编码', 'parentCode'],
  },
  microgrids: {
    code: ['编码', '代码', '微网格编码', '微网格代码', '微网格编号', 'WWGBM', 'BM', 'DM'],
    gridCode: ['网格编码', '所属网格', '所属网格编码', '网格代码', 'WGBM'],
    name: ['名称', '微网格名称', 'WWGMC', 'MC'],
    kind: ['类型', '类别'],
    validFrom: ['生效日期', '启用日期'],
    validTo: ['失效日期', '撤销日期'],
    parentCodes: ['上级编码', '原微网格编码', 'parentCode'],
  },
  enterprises: {
    id: ['统一社会信用代码', '社会信用代码', '信用代码', 'uscc', 'creditcode', 'TYSHXYDM', 'XYDM'],
    name: ['企业名称', '单位名称', '名称', '企业', 'QYMC', 'MC'],
    scale: ['规模', '企业规模', '规上规下', '是否规上', 'GM'],
    industry: ['行业', '所属行业', '行业类别', 'HY'],
    employees: ['从业人数', '员工数', '职工人数', '人数', 'RS'],
    gridCode: ['网格编码', '所属网格', 'WGBM'],
    microGridCode: ['微网格编码', '所属微网格', 'WWGBM', 'microGridC'],
  },
  incidents: {
    id: ['编号', '事件编号', '工单号', 'SJBH'],
    category: ['类别', '事件类别', '事件类型', '类型'],
    level: ['等级', '事件等级', '级别'],
    status: ['状态', '事件状态', '办理状态'],
    reportedAt: ['上报时间', '发生时间', '登记时间'],
    gridCode: ['网格编码', '所属网格'],
    acceptedAt: ['受理时间', '签收时间'],
    dispatchedAt: ['派遣时间', '派单时间', 'dispatched'],
    resolvedAt: ['处置时间', '办结时间'],
    verifiedAt: ['核查时间'],
    closedAt: ['结案时间'],
    deadline: ['时限', '办理时限', '截止时间'],
    supervised: ['督办', '是否督办'],
    title: ['标题', '事件标题', '事件描述', '描述'],
    enterpriseId: ['统一社会信用代码', '企业信用代码', 'enterprise'],
  },
  patrols: {
    id: ['编号', '轨迹编号'],
    memberId: ['人员编号', '网格员编号', '巡查人员编号'],
    gridCode: ['网格编码', '所属网格'],
    startedAt: ['开始时间', '巡查开始时间'],
    endedAt: ['结束时间', '巡查结束时间'],
  },
};

const LOCATION_ALIASES: Record<(typeof LOCATION)[number], string[]> = {
  lon: ['lon', 'lng', 'long', 'longitude', '经度', 'x', 'x坐标', '横坐标', '东坐标', 'point_x', 'JD'],
  lat: ['lat', 'latitude', '纬度', 'y', 'y坐标', '纵坐标', '北坐标', 'point_y', 'WD'],
};

/** Names compared without case, spaces, underscores, hyphens or brackets: "Point_X" = "point x" = "POINTX". */
function normalise(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-()[\]（）【】]/g, '');
}

/** Where the CRS came from, for the report. */
export type CrsSource = 'option' | 'prj' | 'geojson' | 'format' | 'guess';

/** The CRS of a layer: chosen (`option`), else from its `.prj`, its GeoJSON `crs` member, its format, or a guess. */
export interface ResolvedCrs {
  crs: Crs;
  source: CrsSource;
  /** How it was told, in words ("from the .prj: CGCS2000_3_Degree_GK_CM_120E"). */
  how: string;
}

/**
 * Decides a layer's coordinate system. A CRS given by the user wins (a `.prj` that disagrees is reported as a
 * doubt by the caller, not silently followed). KML is WGS84 by its specification; GeoJSON is WGS84 unless it carries
 * the old `crs` member. Without any of these the coordinates are looked at: lon/lat numbers are taken as WGS84,
 * projected ones (Gauss-Krüger eastings and northings) refuse the import until the user names the CRS, since the zone
 * cannot be read from numbers without a zone prefix.
 * @example resolveCrs(layer, 'EPSG:4549').crs.id === 'EPSG:4549'
 */
export function resolveCrs(
  layer: RawLayer,
  option?: string,
  sample: Array<[number, number]> = [],
): ResolvedCrs {
  if (option) return { crs: userCrs(() => crsFromCode(option)), source: 'option', how: `chosen: ${option}` };
  const prj = layer.prj;
  if (prj !== undefined) {
    const { crs, how } = userCrs(() => crsFromPrj(prj));
    return { crs, source: 'prj', how: `from ${layer.name}.prj: ${how}` };
  }
  const member = geojsonCrsMember(layer);
  if (member) {
    return {
      crs: userCrs(() => crsFromCode(member)),
      source: 'geojson',
      how: `from the GeoJSON "crs" member: ${member}`,
    };
  }
  if (layer.format === 'kml' || layer.format === 'kmz') {
    return {
      crs: crsFromCode('EPSG:4326'),
      source: 'format',
      how: 'KML coordinates are WGS84 by specification',
    };
  }
  const guess = guessCrs(sample);
  if (guess.kind === 'wgs84' || guess.kind === 'swapped' || sample.length === 0) {
    const how =
      layer.format === 'geojson'
        ? 'GeoJSON coordinates are WGS84 by specification (RFC 7946)'
        : `no CRS given; the coordinates look like longitude and latitude (${guess.reason})`;
    return { crs: crsFromCode('EPSG:4326'), source: layer.format === 'geojson' ? 'format' : 'guess', how };
  }
  const candidates = guess.candidates.length
    ? `; candidates: ${guess.candidates.slice(0, 6).join(', ')}`
    : '';
  throw new ImportError(
    'crsUnknown',
    `the coordinates are not longitude and latitude (${guess.reason}) and the file does not say its coordinate system: ` +
      `choose it (--crs EPSG:NNNN)${candidates}`,
    layer.name,
  );
}

/**
 * A CRS the user or the file named, its CrsError (an unknown code, a .prj of an unsupported datum) turned into the
 * ImportError this module throws for whatever stops a layer.
 */
function userCrs<T>(make: () => T): T {
  try {
    return make();
  } catch (e) {
    throw e instanceof CrsError ? new ImportError(e.code, e.message) : e;
  }
}

/** The EPSG code named by a GeoJSON file's legacy `crs` member ("urn:ogc:def:crs:EPSG::4549"), if any. */
function geojsonCrsMember(layer: RawLayer): string | null {
  const crs = layer.crsMember;
  if (!crs) return null;
  const m = /EPSG:{1,2}(\d{4,6})$/i.exec(crs) ?? /^urn:ogc:def:crs:OGC:1\.3:CRS84$/i.exec(crs);
  if (!m) return null;
  return m[1] ? `EPSG:${m[1]}` : 'EPSG:4326';
}

/** What the importer knows of the dataset it imports into. */
export interface ImportContext {
  /** The dataset's communities: features with no part inside any of them are refused. */
  communities?: Feature<Polygon | MultiPolygon>[];
  /** The target file's present features (points and tracks merge into them by id). */
  existing?: Feature[];
  /**
   * The base map's roads and buildings (basemap.geojson features, `kind` road or building): points that sit off
   * them as read, and on them read as GCJ-02 or BD-09, get the hint to import again in that system.
   */
  basemap?: Feature[];
  /**
   * The index of `basemap` (geo/basemap-fit's `basemapFitIndex`) for a caller that keeps it across runs (the import
   * worker, per dataset version); called only when the hint needs it. Default: built from `basemap` on each call.
   */
  basemapIndex?: () => BasemapFitIndex | null;
}

export interface ImportOptions {
  as: ImportTarget;
  /** A CRS the user chose (`EPSG:4549`, `gcj02`, `bd09`…); else the file's. */
  crs?: string;
  /** Read each position as (y, x): files that wrote latitude first. */
  swapXY?: boolean;
  /** Contract property (or `lon`/`lat`) → the column that holds it, overriding recognition by name. */
  map?: Record<string, string>;
  context?: ImportContext;
  /** How many rejected and doubtful entries the report lists (the counts are always whole); default 1000. */
  listLimit?: number;
}

export interface ImportReport {
  format: RawLayer['format'];
  layer: string;
  as: ImportTarget;
  file: string;
  crs: { id: string; label: string; source: CrsSource; how: string };
  encoding?: RawLayer['encoding'];
  /** Contract property → the source column (or attribute) that fed it, null when none did. */
  columns: Record<string, string | null>;
  /** Source columns no property took: not imported. */
  ignoredColumns: string[];
  counts: { read: number; accepted: number; rejected: number; doubtful: number };
  /** Refused features or rows: index (0-based, in the layer), the property concerned, a code and the reason. */
  rejected: ImportIssue[];
  /** Taken, with a doubt worth a look (a credit code whose check character is wrong, a grid partly outside…). */
  doubtful: ImportIssue[];
  /** About the whole layer: the reader's warnings, a likely GCJ-02 offset, swapped axes, a `.prj` overridden. */
  notes: ImportIssue[];
  /** Points and tracks merged into the target's present features by id. */
  merge?: { added: number; updated: number; unchanged: number };
  /** How many rejected/doubtful entries were left out of the lists above. */
  omitted?: { rejected: number; doubtful: number };
}

export interface ImportResult {
  report: ImportReport;
  /** The accepted features, WGS84, contract properties only (merged with `context.existing` for points/tracks). */
  features: Feature[];
}

type Kind = FileSpec['required'][string];

/**
 * Turns one read layer into contract features of `options.as`, checking every feature; nothing is written here.
 * Throws ImportError only for what stops the whole layer (no column for a required property, a CRS that cannot be
 * told or is not supported, a table for a target that needs lines or polygons); a bad feature or row is a `rejected` entry instead.
 * @example importLayer(layers[0], { as: 'grids', crs: 'EPSG:4549' }).report.counts
 */
export function importLayer(layer: RawLayer, options: ImportOptions): ImportResult {
  const target = options.as;
  const file = TARGET_FILE[target];
  const spec = FILE_SPECS[file];
  const limit = options.listLimit ?? 1000;
  const rejected: ImportIssue[] = [];
  const doubtful: ImportIssue[] = [];
  const notes: ImportIssue[] = [...layer.warnings];
  const lines = layer.table?.lines;
  const issue = (index: number, code: string, reason: string, property?: string): ImportIssue => ({
    index,
    ...(lines ? { line: lines[index] } : {}),
    ...(property ? { property } : {}),
    code,
    reason,
  });
  const reject = (index: number, code: string, reason: string, property?: string) =>
    rejected.push(issue(index, code, reason, property));
  const doubt = (index: number, code: string, reason: string, property?: string) =>
    doubtful.push(issue(index, code, reason, property));

  const rows = layerRows(layer, target);
  const sourceColumns = rows.columns;
  const columns = mapColumns(target, spec, sourceColumns, options.map ?? {}, layer.table !== undefined);
  const missing = Object.keys(spec.required).filter((p) => !columns[p]);
  if (missing.length) {
    throw new ImportError(
      'missingColumn',
      `no column for the required ${missing.map((p) => `"${p}"`).join(', ')}; the columns are ` +
        `${sourceColumns.map((c) => JSON.stringify(c)).join(', ') || '(none)'}: name them with --map ${missing[0]}=COLUMN`,
      layer.name,
    );
  }
  if (layer.table && (!columns.lon || !columns.lat)) {
    throw new ImportError(
      'missingColumn',
      `no longitude/latitude (or x/y) columns found among ${sourceColumns.map((c) => JSON.stringify(c)).join(', ')}: ` +
        'name them with --map lon=COLUMN,lat=COLUMN',
      layer.name,
    );
  }
  if (columns.lon && columns.lat) rows.location = { lon: columns.lon, lat: columns.lat };
  const used = new Set(Object.values(columns).filter((c): c is string => !!c));
  const ignoredColumns = sourceColumns.filter((c) => !used.has(c));

  const resolved = resolveCrs(layer, options.crs, samplePositions(rows, options.swapXY));
  if (resolved.source === 'option' && layer.prj !== undefined) {
    let prjSays: string | null = null;
    try {
      prjSays = crsFromPrj(layer.prj).crs.id;
    } catch {
      prjSays = null;
    }
    if (prjSays !== resolved.crs.id) {
      notes.push({
        code: 'prjOverridden',
        reason: `the .prj says ${prjSays ?? 'a coordinate system GridSight cannot read'}; ${resolved.crs.id} was used as chosen`,
      });
    }
  }
  const crs = resolved.crs;
  const toWgs84 = (x: number, y: number): [number, number] =>
    options.swapXY ? crs.toWgs84(y, x) : crs.toWgs84(x, y);

  const communities = options.context?.communities ?? [];
  const seen = new Map<string, number>();
  const accepted: Feature[] = [];
  const acceptedIndex: number[] = [];
  let rangeErrors = 0;
  // The properties some column feeds, with their kinds: worked out once, not per row.
  const fed = Object.entries({ ...spec.required, ...spec.optional }).flatMap(([prop, kind]) =>
    columns[prop] ? [[prop, kind, columns[prop]] as const] : [],
  );
  for (let i = 0; i < rows.count; i++) {
    const source = rows.get(i);
    const props: Record<string, unknown> = {};
    let lost = false;
    for (const [prop, kind, column] of fed) {
      const raw = source.props[column];
      if (
        typeof raw === 'number' &&
        !Number.isSafeInteger(raw) &&
        Number.isInteger(raw) &&
        kind === 'string'
      ) {
        // An 18-digit code stored as a number in a .dbf has already lost its last digits: say so rather than guess.
        reject(
          i,
          'numberLostDigits',
          `"${column}" holds ${raw}, a number too long to be exact: store it as text`,
          prop,
        );
        lost = true;
        continue;
      }
      const value = convert(raw, kind);
      if (value !== undefined) props[prop] = value;
    }
    if (lost) continue;
    const problems = checkProperties(props, spec);
    if (problems.length) {
      for (const p of problems) reject(i, 'badProperty', p, /"([^"]+)"/.exec(p)?.[1]);
      continue;
    }

    let geometry: Geometry | null;
    if (source.point !== undefined) {
      const point = source.point;
      if (point === null) {
        reject(i, 'noLocation', `no coordinates in "${columns.lon}"/"${columns.lat}"`, 'lon');
        continue;
      }
      geometry = { type: 'Point', coordinates: point };
    } else geometry = coerceGeometry(source.geometry ?? null, spec.geometry);
    const shapeProblem = geometryProblem(geometry, spec.geometry);
    if (!geometry || shapeProblem) {
      const code = !geometry
        ? 'noGeometry'
        : spec.geometry.includes(geometry.type)
          ? 'badGeometry'
          : 'wrongGeometryType';
      reject(i, code, shapeProblem ?? 'no geometry');
      continue;
    }
    const converted = transformGeometry(geometry, toWgs84);
    const outside = firstOutOfRange(converted);
    if (outside) {
      rangeErrors++;
      reject(i, 'outOfRange', `after conversion from ${crs.id}: ${outside}`);
      continue;
    }

    const label = String(props[spec.label] ?? '');
    const prior = seen.get(label);
    if (prior !== undefined) {
      reject(
        i,
        spec.label === 'id' ? 'duplicateId' : 'duplicateCode',
        `${spec.label} ${excerpt(label)} is also ${lines ? `line ${lines[prior]}` : `feature ${prior}`}'s`,
        spec.label,
      );
      continue;
    }
    seen.set(label, i);

    const codeDoubt = codeProblem(target, props);
    if (codeDoubt) {
      if (codeDoubt.reject) {
        reject(i, codeDoubt.code, codeDoubt.reason, codeDoubt.property);
        continue;
      }
      doubt(i, codeDoubt.code, codeDoubt.reason, codeDoubt.property);
    }
    if (communities.length && target !== 'community') {
      const place = placeIn(converted, communities);
      if (place === 'outside') {
        reject(i, 'outsideCommunity', 'lies outside every community of the dataset');
        continue;
      }
      if (place === 'partly') doubt(i, 'partlyOutside', "lies partly outside the dataset's communities");
    }
    accepted.push({ type: 'Feature', geometry: converted, properties: props });
    acceptedIndex.push(i);
  }

  if (rangeErrors && !options.swapXY) {
    const swapped = guessCrs(samplePositions(rows, false));
    if (swapped.kind === 'swapped') {
      notes.push({
        code: 'swappedAxes',
        reason: `${rangeErrors} features are out of range and the numbers look like latitude first: import again with --swap-xy`,
      });
    }
  }
  const outsideCount = rejected.filter((r) => r.code === 'outsideCommunity').length;
  if (outsideCount && crs.kind === 'geographic') {
    const hint = chinaOffsetHint(rows, options.swapXY, communities, outsideCount);
    if (hint) notes.push(hint);
  }
  if (
    crs.kind === 'geographic' &&
    options.context?.basemap?.length &&
    !notes.some((n) => n.code === 'maybeChinaOffset')
  ) {
    const { basemap, basemapIndex } = options.context;
    const hint = basemapOffsetHint(rows, options.swapXY, basemapIndex ?? (() => basemapFitIndex(basemap)));
    if (hint) notes.push(hint);
  }

  let features = accepted;
  let merge: ImportReport['merge'];
  if (!AREAL_TARGETS.has(target) && options.context?.existing) {
    ({ features, merge } = mergeById(options.context.existing, accepted));
  }
  const rejectedRows = new Set(rejected.map((r) => r.index)).size;
  const doubtfulRows = new Set(doubtful.map((r) => r.index)).size;
  const report: ImportReport = {
    format: layer.format,
    layer: layer.name,
    as: target,
    file,
    crs: { id: crs.id, label: crs.label, source: resolved.source, how: resolved.how },
    ...(layer.encoding ? { encoding: layer.encoding } : {}),
    columns: Object.fromEntries(
      [...Object.keys(spec.required), ...Object.keys(spec.optional), ...(layer.table ? LOCATION : [])].map(
        (p) => [p, columns[p] ?? null],
      ),
    ),
    ignoredColumns,
    counts: { read: rows.count, accepted: accepted.length, rejected: rejectedRows, doubtful: doubtfulRows },
    rejected: rejected.slice(0, limit),
    doubtful: doubtful.slice(0, limit),
    notes,
    ...(merge ? { merge } : {}),
  };
  if (rejected.length > limit || doubtful.length > limit) {
    report.omitted = {
      rejected: Math.max(0, rejected.length - limit),
      doubtful: Math.max(0, doubtful.length - limit),
    };
  }
  return { report, features };
}

/** One source feature or row: its attributes by source column, and its geometry or table point. */
interface SourceRow {
  props: Record<string, unknown>;
  geometry?: Geometry | null;
  /** Table rows: the raw (x, y) of the location columns, null when either is empty or not a number. */
  point?: [number, number] | null;
}

interface Rows {
  columns: string[];
  count: number;
  get(i: number): SourceRow;
  /** Table rows only: the location columns, once mapped. */
  location?: { lon: string; lat: string };
}

/** A layer's features or table rows behind one interface. */
function layerRows(layer: RawLayer, target: ImportTarget): Rows {
  if (layer.features) {
    const features = layer.features;
    const names = new Set<string>();
    for (const f of features) for (const k of Object.keys(f.properties ?? {})) names.add(k);
    return {
      columns: [...names],
      count: features.length,
      get: (i) => ({ props: features[i].properties ?? {}, geometry: features[i].geometry }),
    };
  }
  const table = layer.table;
  if (!table) throw new ImportError('empty', 'holds neither features nor a table', layer.name);
  if (AREAL_TARGETS.has(target) || target === 'patrols') {
    throw new ImportError(
      'needsGeometry',
      `${target} need ${target === 'patrols' ? 'lines' : 'polygons'}, and a ${layer.format} table has only points: ` +
        'import a Shapefile (.zip), KML/KMZ or GeoJSON',
      layer.name,
    );
  }
  const index = new Map(table.columns.map((c, i) => [c, i]));
  const rows: Rows = {
    columns: table.columns,
    count: table.rows.length,
    get(i) {
      const row = table.rows[i];
      const props: Record<string, unknown> = {};
      for (let c = 0; c < table.columns.length; c++) props[table.columns[c]] = row[c] ?? '';
      const loc = rows.location;
      if (!loc) return { props, point: null };
      const x = toNumber(row[index.get(loc.lon) ?? -1]);
      const y = toNumber(row[index.get(loc.lat) ?? -1]);
      return { props, point: x === undefined || y === undefined ? null : [x, y] };
    },
  };
  return rows;
}

/**
 * Which column feeds each property: `map` first (its columns must exist), then a column with the property's own
 * name, then one of its aliases; a column feeds at most one property, the required ones choosing first.
 */
function mapColumns(
  target: ImportTarget,
  spec: FileSpec,
  columns: string[],
  map: Record<string, string>,
  table: boolean,
): Record<string, string | undefined> {
  const properties = [
    ...Object.keys(spec.required),
    ...Object.keys(spec.optional),
    ...(table ? LOCATION : []),
  ];
  const known = new Set(properties);
  const out: Record<string, string | undefined> = {};
  const taken = new Set<string>();
  for (const [prop, column] of Object.entries(map)) {
    if (!known.has(prop)) {
      throw new ImportError(
        'badMapping',
        `--map names "${prop}", which ${target} do not have; they have ${properties.join(', ')}`,
      );
    }
    if (!columns.includes(column)) {
      throw new ImportError(
        'badMapping',
        `--map ${prop}=${column}: there is no column "${column}"; the columns are ${columns.map((c) => JSON.stringify(c)).join(', ')}`,
      );
    }
    out[prop] = column;
    taken.add(column);
  }
  const byName = new Map<string, string>();
  for (const c of columns) if (!byName.has(normalise(c))) byName.set(normalise(c), c);
  const aliases = ALIASES[target];
  for (const prop of properties) {
    if (out[prop]) continue;
    const names = [prop, ...(aliases[prop] ?? []), ...(LOCATION_ALIASES[prop as 'lon' | 'lat'] ?? [])];
    for (const name of names) {
      const column = byName.get(normalise(name));
      if (column && !taken.has(column)) {
        out[prop] = column;
        taken.add(column);
        break;
      }
    }
  }
  return out;
}

/** Up to 1000 positions from the first features or rows, for guessing the CRS (before any conversion). */
function samplePositions(rows: Rows, swapXY?: boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < rows.count && out.length < 1000; i++) {
    const row = rows.get(i);
    if (row.point) out.push(row.point);
    else if (row.geometry) eachPosition(row.geometry, (p) => out.length < 1000 && out.push([p[0], p[1]]));
  }
  return swapXY ? out.map(([x, y]) => [y, x]) : out;
}

function eachPosition(geometry: Geometry, visit: (p: Position) => unknown): void {
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') visit(c as Position);
    else for (const x of c) walk(x);
  };
  if (geometry.type === 'GeometryCollection') for (const g of geometry.geometries) eachPosition(g, visit);
  else walk(geometry.coordinates);
}

/**
 * A geometry as the contract file takes it, where the reading is unambiguous: a KML MultiGeometry of polygons is a
 * MultiPolygon, a MultiPoint or MultiLineString of one part is that part, a one-polygon MultiPolygon stays as it is
 * (the contract allows it). Anything else is returned unchanged for `geometryProblem` to name.
 */
function coerceGeometry(geometry: Geometry | null, allowed: readonly string[]): Geometry | null {
  if (!geometry) return null;
  if (geometry.type === 'GeometryCollection') {
    const parts = geometry.geometries;
    if (
      parts.length &&
      parts.every((g) => g.type === 'Polygon' || g.type === 'MultiPolygon') &&
      allowed.includes('MultiPolygon')
    ) {
      const polygons = parts.flatMap((g) =>
        g.type === 'Polygon' ? [g.coordinates] : (g as MultiPolygon).coordinates,
      );
      return { type: 'MultiPolygon', coordinates: polygons };
    }
    if (parts.length === 1) return coerceGeometry(parts[0], allowed);
    return geometry;
  }
  if (geometry.type === 'MultiPoint' && geometry.coordinates.length === 1 && allowed.includes('Point')) {
    return { type: 'Point', coordinates: geometry.coordinates[0] };
  }
  if (
    geometry.type === 'MultiLineString' &&
    geometry.coordinates.length === 1 &&
    allowed.includes('LineString')
  ) {
    return { type: 'LineString', coordinates: geometry.coordinates[0] };
  }
  return geometry;
}

/** The geometry with every position converted (x, y only: a Z or M value is dropped). */
function transformGeometry(geometry: Geometry, to: (x: number, y: number) => [number, number]): Geometry {
  const walk = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number'
      ? to(c[0] as number, c[1] as number)
      : (c as unknown[]).map(walk);
  if (geometry.type === 'GeometryCollection') return geometry;
  return { type: geometry.type, coordinates: walk(geometry.coordinates) } as Geometry;
}

/** The first position outside longitude ±180 / latitude ±90 (or not finite), said in words; null when all fit. */
function firstOutOfRange(geometry: Geometry): string | null {
  let found: string | null = null;
  eachPosition(geometry, (p) => {
    if (found) return;
    const [lon, lat] = p;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) found = `position [${lon}, ${lat}] is not a number`;
    else if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
      found = `position [${round(lon)}, ${round(lat)}] is not a longitude and latitude`;
  });
  return found;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** A table cell or attribute as a number, or undefined ("1,234.5" and full-width digits read; "" and text do not). */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value
    .normalize('NFKC')
    .trim()
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  return Number(text);
}

/** Chinese names of enumerated values (the app's labels, and the longer forms tables use) → the contract's values. */
const VALUE_LABELS: Record<string, string> = {
  ...invert(SCALE_LABELS_ZH),
  规模以上: 'above',
  规模以下: 'below',
  // A "是否规上" (above the threshold?) column.
  是: 'above',
  否: 'below',
  ...invert(CATEGORY_LABELS_ZH),
  ...invert(STATUS_LABELS_ZH),
};

function invert(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [v, k]));
}

const CHINESE_LEVELS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, Ⅰ: 1, Ⅱ: 2, Ⅲ: 3, Ⅳ: 4 };

/**
 * A source value as the contract's kind, where the reading is certain; anything else is passed on as it is, for
 * `checkProperties` to refuse with the contract's own message. Empty values are absent.
 */
function convert(raw: unknown, kind: Kind): unknown {
  if (raw === null || raw === undefined) return undefined;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? undefined : raw.toISOString();
  const text = typeof raw === 'string' ? raw.trim() : raw;
  if (text === '') return undefined;
  if (Array.isArray(kind)) {
    if (typeof text !== 'string') return text;
    if (kind.includes(text)) return text;
    const lower = text.toLowerCase();
    if (kind.includes(lower)) return lower;
    const named = Object.hasOwn(VALUE_LABELS, text) ? VALUE_LABELS[text] : undefined;
    if (named && kind.includes(named)) return named;
    return text;
  }
  switch (kind) {
    case 'string':
      return typeof text === 'number' ? String(text) : text;
    case 'number':
      return toNumber(text) ?? text;
    case 'level': {
      if (typeof text === 'number') return text;
      const m = /^(?:([1-4])|([一二三四ⅠⅡⅢⅣ]))\s*级?$/.exec(String(text));
      return m ? (m[1] ? Number(m[1]) : CHINESE_LEVELS[m[2]]) : text;
    }
    case 'boolean': {
      if (typeof text === 'boolean') return text;
      const t = String(text).toLowerCase();
      if (['true', 'yes', 'y', '1', '是', '√'].includes(t)) return true;
      if (['false', 'no', 'n', '0', '否', '×'].includes(t)) return false;
      return text;
    }
    case 'time':
      return typeof text === 'string' ? isoTime(text) : text;
    case 'string[]':
      return typeof text === 'string' ? text.split(/[,;，；、\s]+/).filter(Boolean) : text;
  }
  return text;
}

/**
 * A date-time as the contract writes it: ISO 8601 stays; "2026/3/1 9:05" (Excel, Chinese systems) becomes
 * "2026-03-01T09:05:00", China time as the contract reads a time without offset. Anything else is left for the
 * contract's check to refuse.
 */
function isoTime(text: string): string {
  if (!Number.isNaN(parseTime(text))) return text;
  const m = /^(\d{4})[/.年-](\d{1,2})[/.月-](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return text;
  const two = (s: string | undefined) => (s ?? '0').padStart(2, '0');
  const date = `${m[1]}-${two(m[2])}-${two(m[3])}`;
  return m[4] === undefined ? date : `${date}T${two(m[4])}:${m[5]}:${two(m[6])}`;
}

/** Eighteen characters of the 统一社会信用代码's alphabet (GB 32100-2015). */
const USCC_SHAPE = new RegExp(`^[${USCC_ALPHABET}]{18}$`);

/** A code or credit code that cannot be right (refused) or may not be (doubtful), by target. */
function codeProblem(
  target: ImportTarget,
  props: Record<string, unknown>,
): { code: string; reason: string; property: string; reject: boolean } | null {
  if (target === 'enterprises') {
    const id = String(props.id);
    if (!USCC_SHAPE.test(id)) {
      return {
        code: 'badCreditCode',
        property: 'id',
        reject: true,
        reason: `${excerpt(id)} is not a 统一社会信用代码 (18 characters of digits and capitals, GB 32100-2015)`,
      };
    }
    if (!isValidUscc(id)) {
      return {
        code: 'creditCodeCheck',
        property: 'id',
        reject: false,
        reason: `the check character of "${id}" is wrong`,
      };
    }
    return null;
  }
  const check: Partial<Record<ImportTarget, [(c: string) => boolean, string]>> = {
    community: [isCommunityCode, '12 digits'],
    grids: [isGridCode, '15 digits: the community code and a 3-digit serial'],
    microgrids: [isMicroGridCode, '18 digits: the grid code and a 3-digit serial'],
  };
  const rule = check[target];
  if (rule && !rule[0](String(props.code))) {
    return {
      code: 'codeFormat',
      property: 'code',
      reject: false,
      reason: `code ${excerpt(props.code)} is not ${rule[1]}; validate will report it`,
    };
  }
  return null;
}

/**
 * How far outside a community a vertex may lie and still count as inside, in metres: a boundary shared with the
 * community's own border, carried through a projection and back (or digitised again), lands a hair either side.
 */
export const BORDER_TOLERANCE_M = 1;

/** Whether a position is inside one of the communities, or within BORDER_TOLERANCE_M of one's border. */
function insideCommunities(p: Position, communities: Feature<Polygon | MultiPolygon>[]): boolean {
  const near = communities.filter((c) => inBox(p, boxOf(c)));
  if (near.some((c) => booleanPointInPolygon(p, c))) return true;
  const [kx, ky] = metresPerDegreeAt(p[1]);
  const limit2 = BORDER_TOLERANCE_M * BORDER_TOLERANCE_M;
  for (const c of near) {
    const polygons = c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates;
    for (const ring of polygons.flat()) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i];
        const [bx, by] = ring[i + 1];
        if (segmentDistance2(kx, ky, p[0], p[1], ax, ay, bx, by).d2 <= limit2) return true;
      }
    }
  }
  return false;
}

/** A community's bounding box grown by 1e-4° (≈ 10 m, ten times BORDER_TOLERANCE_M), made once per feature. */
const boxes = new WeakMap<object, [number, number, number, number]>();
function boxOf(c: Feature<Polygon | MultiPolygon>): [number, number, number, number] {
  let box = boxes.get(c);
  if (!box) {
    box = [Infinity, Infinity, -Infinity, -Infinity];
    const b = box;
    eachPosition(c.geometry, ([x, y]) => {
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    });
    box = [b[0] - 1e-4, b[1] - 1e-4, b[2] + 1e-4, b[3] + 1e-4];
    boxes.set(c, box);
  }
  return box;
}

function inBox(p: Position, [w, s, e, n]: [number, number, number, number]): boolean {
  return p[0] >= w && p[0] <= e && p[1] >= s && p[1] <= n;
}

/** Whether a geometry lies inside the communities, outside all of them, or across a border. */
function placeIn(
  geometry: Geometry,
  communities: Feature<Polygon | MultiPolygon>[],
): 'inside' | 'outside' | 'partly' {
  let inside = 0;
  let total = 0;
  eachPosition(geometry, (p) => {
    total++;
    if (insideCommunities(p, communities)) inside++;
  });
  if (inside === total) return 'inside';
  if (inside > 0) return 'partly';
  if (geometry.type === 'Point') return 'outside';
  // No vertex inside: the polygon may still hold a community whole.
  const wraps = communities.some((c) => {
    let hit = false;
    eachPosition(c.geometry, (p) => {
      if (!hit && (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon'))
        hit = booleanPointInPolygon(p, geometry);
    });
    return hit;
  });
  return wraps ? 'partly' : 'outside';
}

/**
 * When points fall outside the communities, whether they would fall inside had they been read as GCJ-02 (高德) or
 * BD-09 (百度): their offsets of some hundreds of metres are the usual cause with geocoded enterprise lists.
 */
function chinaOffsetHint(
  rows: Rows,
  swapXY: boolean | undefined,
  communities: Feature<Polygon | MultiPolygon>[],
  outside: number,
): ImportIssue | null {
  const sample = samplePositions(rows, swapXY).slice(0, 200);
  if (!sample.length) return null;
  const share = (c: Crs) =>
    sample.filter(([x, y]) => insideCommunities(c.toWgs84(x, y), communities)).length / sample.length;
  const now = share(crsFromCode('EPSG:4326'));
  for (const id of ['gcj02', 'bd09']) {
    const then = share(crsFromCode(id));
    if (then > now + 0.05) {
      return {
        code: 'maybeChinaOffset',
        reason:
          `${outside} features fall outside the communities; read as ${id === 'gcj02' ? 'GCJ-02 (高德/腾讯)' : 'BD-09 (百度)'} ` +
          `${Math.round(then * 100)} % of the first ${sample.length} would fall inside (now ${Math.round(now * 100)} %): ` +
          `if the coordinates came from that map, import again with --crs ${id}`,
      };
    }
  }
  return null;
}

/** The base-map hint needs this many points at least, and looks at this many at most. */
const BASEMAP_HINT_POINTS = [20, 300] as const;

/**
 * Points (enterprises, incidents) that sit off the base map's buildings and roads as read, and on them read as
 * GCJ-02 or BD-09: the hint for lists geocoded on 高德 or 百度 whose points all lie inside the community, where
 * `chinaOffsetHint` sees nothing. A share of the first points on the base map (geo/basemap-fit) as read against
 * each reading: one that puts at least 20 points more in a hundred on it, and half of them at least, is named.
 */
function basemapOffsetHint(
  rows: Rows,
  swapXY: boolean | undefined,
  basemapIndex: () => BasemapFitIndex | null,
): ImportIssue | null {
  const sample: Array<[number, number]> = [];
  for (let i = 0; i < rows.count && sample.length < BASEMAP_HINT_POINTS[1]; i++) {
    const point = rows.get(i).point;
    if (point) sample.push(swapXY ? [point[1], point[0]] : point);
  }
  if (sample.length < BASEMAP_HINT_POINTS[0]) return null;
  const index = basemapIndex();
  if (!index) return null;
  const share = (c: Crs) =>
    onBasemapShare(
      index,
      sample.map(([x, y]) => c.toWgs84(x, y)),
    );
  const now = share(crsFromCode('EPSG:4326'));
  let best: { id: string; then: number } | null = null;
  for (const id of ['gcj02', 'bd09']) {
    const then = share(crsFromCode(id));
    if (then >= 0.5 && then >= now + 0.2 && (!best || then > best.then)) best = { id, then };
  }
  if (!best) return null;
  const name = best.id === 'gcj02' ? 'GCJ-02 (高德/腾讯)' : 'BD-09 (百度)';
  return {
    code: 'maybeChinaOffset',
    reason:
      `of the first ${sample.length} points ${Math.round(now * 100)} % lie on the base map's buildings or roads as read, ` +
      `${Math.round(best.then * 100)} % read as ${name}: if the coordinates came from that map, import again with --crs ${best.id}`,
  };
}

/** Accepted features merged into the present ones by id: same id replaced (updated, or unchanged when equal), new ones added. */
function mergeById(
  existing: Feature[],
  incoming: Feature[],
): { features: Feature[]; merge: NonNullable<ImportReport['merge']> } {
  const byId = new Map<string, number>();
  const features = existing.slice();
  features.forEach((f, i) => byId.set(String(f.properties?.id), i));
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  for (const f of incoming) {
    const id = String(f.properties?.id);
    const at = byId.get(id);
    if (at === undefined) {
      byId.set(id, features.length);
      features.push(f);
      added++;
    } else if (sameFeature(features[at], f)) unchanged++;
    else {
      features[at] = f;
      updated++;
    }
  }
  return { features, merge: { added, updated, unchanged } };
}

