/**
 * Members per the staffing rule (standard): per grid exactly one grid leader, one full-time worker, one
 * part-time worker and one instructor, plus 1–3 others; per micro-grid two micro-grid leaders.
 */
import type { Rng } from '../../domain/random';
import { GRID_STAFF_ROLES, type Member, type MemberRole } from '../../domain/types';
import { affiliation, personName, phone } from './names';

interface GridLike {
  code: string;
  community: number;
  micros: number[];
}
interface MicroLike {
  code: string;
  firms: number[];
}
interface FirmLike {
  name: string;
}
interface CommunityLike {
  town: { name: string };
}

export interface MemberOptions {
  /** "Other" members per grid (inclusive). Default 1–3. */
  minOthers?: number;
  maxOthers?: number;
}

/**
 * All members, grid by grid: the four roles, the others, then two leaders for each micro-grid.
 * Ids are "m" + unit code + "-" + serial, so they are unique and say where a person belongs.
 * @example makeMembers(rng, grids, micros, firms, communities).filter((m) => m.role === 'grid-leader').length === grids.length
 */
export function makeMembers(
  rng: Rng,
  grids: readonly GridLike[],
  micros: readonly MicroLike[],
  firms: readonly FirmLike[],
  communities: readonly CommunityLike[],
  options: MemberOptions = {},
): Member[] {
  const { minOthers = 1, maxOthers = 3 } = options;
  const out: Member[] = [];
  for (const g of grids) {
    const town = communities[g.community].town.name;
    const roles: MemberRole[] = [...GRID_STAFF_ROLES];
    const others = rng.int(minOthers, maxOthers);
    for (let k = 0; k < others; k++) roles.push('other');
    roles.forEach((role, k) => {
      const m: Member = { id: `m${g.code}-${k + 1}`, name: personName(rng), role, gridCode: g.code, phone: phone(rng) };
      // Part-time workers and instructors usually come from the town's departments (standard).
      if (role === 'part-time') m.affiliation = `${town}${rng.pick(['经济发展办', '生态环境办', '应急管理办'])}`;
      if (role === 'instructor') m.affiliation = `${town}${rng.pick(['党政办', '经济发展办', '综合信息指挥室'])}`;
      if (role === 'other') m.affiliation = affiliation(rng);
      out.push(m);
    });
    for (const mi of g.micros) {
      const micro = micros[mi];
      for (let k = 0; k < 2; k++) {
        // Enterprise representatives of the micro-grid (its firms in turn).
        const firm = firms[micro.firms[k % micro.firms.length]];
        out.push({
          id: `m${micro.code}-${k + 1}`,
          name: personName(rng),
          role: 'micro-leader',
          gridCode: g.code,
          microGridCode: micro.code,
          phone: phone(rng),
          affiliation: firm.name,
        });
      }
    }
  }
  return out;
}
