/**
 * Unit codes (DOMAIN.md; format is practice): community = 12-digit 统计用区划代码; grid = community code +
 * 3-digit serial (15 digits); micro-grid = grid code + 3-digit serial (18 digits).
 */

const COMMUNITY = /^\d{12}$/;
const GRID = /^\d{15}$/;
const MICRO = /^\d{18}$/;

/** @example isCommunityCode('330424002008') === true */
export function isCommunityCode(code: string): boolean {
  return COMMUNITY.test(code);
}

/** @example isGridCode('330424002008001') === true */
export function isGridCode(code: string): boolean {
  return GRID.test(code);
}

/** @example isMicroGridCode('330424002008001012') === true */
export function isMicroGridCode(code: string): boolean {
  return MICRO.test(code);
}

function serial3(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 999) throw new RangeError(`serial must be 1–999: ${serial}`);
  return String(serial).padStart(3, '0');
}

/** @example makeCommunityCode('330424002', 8) === '330424002008' */
export function makeCommunityCode(townCode: string, serial: number): string {
  if (!/^\d{9}$/.test(townCode)) throw new RangeError(`not a town code: ${townCode}`);
  return townCode + serial3(serial);
}

/** @example makeGridCode('330424002008', 1) === '330424002008001' */
export function makeGridCode(communityCode: string, serial: number): string {
  if (!isCommunityCode(communityCode)) throw new RangeError(`not a community code: ${communityCode}`);
  return communityCode + serial3(serial);
}

/** @example makeMicroGridCode('330424002008001', 12) === '330424002008001012' */
export function makeMicroGridCode(gridCode: string, serial: number): string {
  if (!isGridCode(gridCode)) throw new RangeError(`not a grid code: ${gridCode}`);
  return gridCode + serial3(serial);
}
