/**
 * The wall's scrubber on numbers and names written the ways people type them (issue 10). The plain forms are in
 * wall-domain.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { personalScrubber, scrubPersonal } from '../../../src/domain/wall-privacy';

describe('scrubPersonal: phone numbers however written', () => {
  it.each([
    ['+86 mobile', '联系 +86 13812341234 处理', '联系 ··· 处理'],
    ['+86 without a space', '联系+8613812341234处理', '联系···处理'],
    ['full-width +86', '联系＋８６　１３８１２３４１２３４', '联系···'],
    ['0086', '联系 0086 13812341234', '联系 ···'],
    ['+86 with dashes', '联系 +86-138-1234-1234', '联系 ···'],
    ['mobile with spaces', '报修 138 1234 1234 急', '报修 ··· 急'],
    ['mobile with dashes', '报修 138-1234-1234 急', '报修 ··· 急'],
    ['mobile 3-4-4 with dots', '报修 138.1234.1234', '报修 ···'],
    ['full-width mobile', '报修１３８１２３４１２３４急', '报修···急'],
    ['full-width mobile with full-width dashes', '报修 １３８－１２３４－１２３４', '报修 ···'],
    ['masked mobile', '联系 138****1234', '联系 ···'],
    ['masked the new way', '联系 138******34', '联系 ···'],
    ['landline with dash', '电话 0573-86123456', '电话 ···'],
    ['landline with space', '电话 0573 8612 3456', '电话 ···'],
    ['landline in brackets', '电话 (0573)86123456', '电话 ···'],
    ['landline in full-width brackets', '电话（0573）8612-3456', '电话···'],
    ['landline, 3-digit area code', '电话 010-12345678', '电话 ···'],
    ['landline, 7 digits', '电话 0573-8612345', '电话 ···'],
    ['landline after +86', '电话 +86 573 8612 3456', '电话 ···'],
    ['landline after +86 with the area code in brackets', '电话 +86 (573) 86123456', '电话 ···'],
    ['landline without the dash', '电话 057386123456', '电话 ···'],
    ['two mobiles in a row', '13812341234 13912341234', '··· ···'],
    ['ID number', '身份证 33042419800101123X 到场', '身份证 ··· 到场'],
    ['ID number, lower-case x', '身份证 33042419800101123x', '身份证 ···'],
    ['ID number in groups', '身份证 330424 19800101 123X', '身份证 ···'],
    ['ID number, full-width', '身份证３３０４２４１９８００１０１１２３Ｘ', '身份证···'],
    ['old 15-digit ID number', '身份证 330424800101123', '身份证 ···'],
  ])('%s', (_what, text, expected) => {
    expect(scrubPersonal(text)).toBe(expected);
  });

  it.each([
    ['a date', '2026-10-01 13:45 发生火情'],
    ['an area and a year', '3号楼 120 平方米 2026年'],
    ['an amount', '罚款 50000 元，面积 0.5 公顷'],
    ['a long count', '涉及 1234567 件'],
    ['a short number', '拨打 110 或 119'],
  ])('leaves %s alone', (_what, text) => {
    expect(scrubPersonal(text)).toBe(text);
  });
});

describe('personalScrubber: names however written', () => {
  const scrub = personalScrubber(['张三', '王建国', '欧阳 娜娜']);
  it.each([
    ['as written', '张三反映', '···反映'],
    ['with a space', '张 三反映', '···反映'],
    ['with a full-width space', '张　三反映', '···反映'],
    ['with two spaces', '王 建 国到场', '···到场'],
    ['with a middle dot', '王·建国到场', '···到场'],
    ['with a dash', '王-建-国到场', '···到场'],
    ['with an underscore', '张_三', '···'],
    ['a name stored with a space, written without', '欧阳娜娜来电', '···来电'],
    ['a name stored with a space, written with one', '欧阳 娜娜来电', '···来电'],
    ['name and number', '张 三 +86 138 1234 1234', '··· ···'],
  ])('%s', (_what, text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('does not join a name across words that are far apart', () => {
    expect(scrub('张家港 三号楼')).toBe('张家港 三号楼');
  });
});
