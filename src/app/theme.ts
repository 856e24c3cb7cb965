/** Colours shared by the map layers and the legend, so the two cannot drift apart. */
/**
 * Colour meanings (docs/design.md): red is kept for problems and alerts (validation errors, overdue, 未达标,
 * hot spots); boundaries are neutral (community stone grey, grids blue); enterprises by size are amber (规上, as
 * their micro-grids) and blue (规下); incident density is magenta-purple (RdPu) in every density layer.
 */
export const THEME = {
  background: '#f4f2ed',
  landuse: { industrial: '#ebe6ef', residential: '#efe9e2', green: '#dcebd2', other: '#ebe8e1' },
  water: '#bcd7ef',
  river: '#93bfe6',
  building: '#ddd6cc',
  buildingOutline: '#cdc4b8',
  roadCasing: '#d3ccc0',
  road: '#ffffff',
  roadMain: '#fff6d5',
  roadLabel: '#6f675b',
  community: '#57534e',
  gridOutline: '#1d4ed8',
  gridSelected: '#0b2a80',
  gridLabel: '#173a8f',
  micro: { above: '#f59e0b', below: '#10b981', park: '#8b5cf6', unknown: '#94a3b8' },
  microOutline: '#475569',
  microSelected: '#111827',
  enterprise: { above: '#b45309', below: '#2563eb' },
  halo: '#ffffff',
} as const;

/** The shape of a map theme: THEME's keys, any colours. */
export type MapTheme = { readonly [K in keyof typeof THEME]: (typeof THEME)[K] extends string ? string : { readonly [C in keyof (typeof THEME)[K]]: string } };

/**
 * The dark variant, for the wall screen (a dark room, seen from afar): the same keys as THEME, so layers written
 * against THEME are turned dark by swapping each colour for its counterpart (src/map/wall-layers.ts), not copied.
 */
export const DARK_THEME: MapTheme = {
  background: '#08121f',
  landuse: { industrial: '#111d31', residential: '#131d2c', green: '#0e2220', other: '#0f1a2a' },
  water: '#0f3150',
  river: '#17476e',
  building: '#17243a',
  buildingOutline: '#1e2f4a',
  roadCasing: '#060d18',
  road: '#223249',
  roadMain: '#2f4463',
  roadLabel: '#7f93b0',
  community: '#f5b84b',
  gridOutline: '#3fa9e8',
  gridSelected: '#e6f6ff',
  gridLabel: '#dbe7f5',
  micro: { above: '#f59e0b', below: '#10b981', park: '#a78bfa', unknown: '#64748b' },
  microOutline: '#3b4d66',
  microSelected: '#f8fafc',
  enterprise: { above: '#fbbf24', below: '#60a5fa' },
  halo: '#08121f',
};

/**
 * Label fonts. The style has no `glyphs` URL, so MapLibre draws every label with these local fonts (Chinese
 * included); the stack must name a CJK-capable family first. MapLibre adds sans-serif as the last resort.
 */
export const FONT_STACK = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC'];
/** A weight word first makes MapLibre draw bold; the family itself comes from the names that follow. */
export const FONT_STACK_BOLD = ['Noto Sans CJK SC Bold', ...FONT_STACK];
export const IDEOGRAPH_FONT_FAMILY = FONT_STACK.map((f) => `'${f}'`).join(', ') + ', sans-serif';
