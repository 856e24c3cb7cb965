/** How the analyst panel writes its numbers (rates: domain/rate formatRate; the targets: domain/rules). */

/** The raw value for a data attribute: String(x), or "null". */
export function rawAttr(value: number | boolean | null): string {
  return value === null ? 'null' : String(value);
}
