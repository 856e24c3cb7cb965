import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { buildIndex } from '../../../src/geo/dataset-index';
import { useDatasetStore } from '../../../src/stores/dataset';
import { useSelectionStore } from '../../../src/stores/selection';
import { county } from '../../fixtures/county-dataset';

describe('selection through a county (issue 14)', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('starts at the county and fills the town and community of a grid, micro-grid or enterprise', () => {
    useDatasetStore().index = buildIndex(county());
    const s = useSelectionStore();
    expect(s.level).toBe('county');
    s.selectTown('330424001');
    expect([s.level, s.townCode, s.communityCode]).toEqual(['town', '330424001', null]);
    s.selectCommunity('330424002001');
    expect([s.level, s.townCode, s.communityCode]).toEqual(['community', '330424002', '330424002001']);
    s.selectGrid('330424001002001');
    expect([s.level, s.townCode, s.communityCode, s.gridCode]).toEqual(['grid', '330424001', '330424001002', '330424001002001']);
    s.selectMicroGrid('330424001001001001');
    expect([s.level, s.communityCode, s.gridCode]).toEqual(['microgrid', '330424001001', '330424001001001']);
    s.selectEnterprise('b');
    expect([s.level, s.communityCode, s.gridCode, s.microGridCode]).toEqual(['enterprise', '330424001002', '330424001002001', null]);
    // A grid of no community: no parents, never a wrong one.
    s.selectGrid('330424009009001');
    expect([s.level, s.townCode, s.communityCode]).toEqual(['grid', null, null]);
    const before = s.focusVersion;
    s.clear();
    expect([s.level, s.townCode, s.communityCode, s.gridCode]).toEqual(['county', null, null, null]);
    expect(s.focusVersion).toBe(before + 1);
  });

  it('stays at the community for a dataset of one community, as before', () => {
    const one = county();
    one.community!.features.splice(1);
    useDatasetStore().index = buildIndex(one);
    const s = useSelectionStore();
    expect(s.level).toBe('community');
    s.selectGrid('330424001002001');
    expect([s.level, s.townCode, s.communityCode]).toEqual(['grid', null, null]);
    s.clear();
    expect(s.level).toBe('community');
  });
});
