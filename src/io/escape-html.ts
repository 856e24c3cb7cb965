/**
 * The one place a string becomes HTML: the monthly report's page (io/report-html) and the charts' tooltips.
 * ECharts sets a tooltip formatter's string as the tooltip's innerHTML, so any text from a dataset (a grid's name, a
 * category) that goes into it must be escaped first: a grid named `<img src=x onerror=…>` would otherwise run script
 * when a chart is hovered. Text drawn on the canvas (axis labels, bar labels) and ECharts' own default tooltips
 * (which encode names themselves) need nothing.
 */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text as HTML that shows it literally: safe in element content (HTML and SVG) and in quoted attribute values.
 * @example escapeHtml('<img src=x>') === '&lt;img src=x&gt;'
 */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
