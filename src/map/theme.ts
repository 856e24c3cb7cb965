/** Colours shared by the map layers and the legend, so the two cannot drift apart. */
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
  community: '#c2410c',
  gridOutline: '#1d4ed8',
  gridSelected: '#0b2a80',
  gridLabel: '#173a8f',
  micro: { above: '#f59e0b', below: '#10b981', park: '#8b5cf6', unknown: '#94a3b8' },
  microOutline: '#475569',
  microSelected: '#111827',
  enterprise: { above: '#dc2626', below: '#2563eb' },
  halo: '#ffffff',
} as const;

/**
 * Label fonts. The style has no `glyphs` URL, so MapLibre draws every label with these local fonts (Chinese
 * included); the stack must name a CJK-capable family first. MapLibre adds sans-serif as the last resort.
 */
export const FONT_STACK = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC'];
/** A weight word first makes MapLibre draw bold; the family itself comes from the names that follow. */
export const FONT_STACK_BOLD = ['Noto Sans CJK SC Bold', ...FONT_STACK];
export const IDEOGRAPH_FONT_FAMILY = FONT_STACK.map((f) => `'${f}'`).join(', ') + ', sans-serif';
