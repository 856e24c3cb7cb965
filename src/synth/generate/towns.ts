/**
 * Towns and subdistricts (乡镇/街道) of Haiyan County used for synthetic community codes. The names are real;
 * the 9-digit codes are illustrative (330424 + 3 digits, 0xx for 街道 and 1xx for 镇, as 统计用区划代码 does),
 * not a copy of the official list, and the data is synthetic either way.
 */
export interface Town {
  code: string;
  name: string;
}

export const COUNTY_NAME = '海盐县';
export const COUNTY_REGION = '330424';

export const TOWNS: readonly Town[] = [
  { code: '330424001', name: '武原街道' },
  { code: '330424002', name: '西塘桥街道' },
  { code: '330424003', name: '望海街道' },
  { code: '330424004', name: '秦山街道' },
  { code: '330424101', name: '沈荡镇' },
  { code: '330424102', name: '百步镇' },
  { code: '330424103', name: '于城镇' },
  { code: '330424104', name: '澉浦镇' },
  { code: '330424105', name: '通元镇' },
];

/** The bundled community's town: 西塘桥街道 (the DOMAIN.md example code 330424002). */
export const DEFAULT_TOWN: Town = TOWNS[1];
