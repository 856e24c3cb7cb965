/**
 * Synthetic Chinese names: people, enterprises, roads, communities. Pools are small on purpose; uniqueness is
 * enforced by the callers that need it (enterprise names).
 */
import type { Rng } from '../../domain/random';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力兰斌宇浩凯健俊峰鑫波宁琳晨欣怡佳雪梅海燕红云东亮林春晓玲志国良斌成荣新民德慧婷颖倩丹彬';
const FIRM_CHARS = '宏达恒鑫盛泰华兴隆昌永安瑞丰诚信金源通顺联发嘉禾润中天宇新宝力创远航晟越凯特精锐德众博科胜利富康海星辰立邦汇万晨益广和振兴';
const TRADES: { industry: string; words: string[] }[] = [
  { industry: '紧固件制造', words: ['紧固件', '标准件', '五金紧固件'] },
  { industry: '通用设备制造', words: ['机械', '精密机械', '机电设备'] },
  { industry: '金属制品', words: ['五金', '金属制品', '不锈钢制品'] },
  { industry: '电气机械', words: ['电器', '电气', '电缆'] },
  { industry: '电子信息', words: ['电子', '电子科技', '智能科技'] },
  { industry: '新材料', words: ['新材料', '复合材料', '高分子材料'] },
  { industry: '纺织服装', words: ['纺织', '服饰', '经编'] },
  { industry: '化学原料', words: ['化工', '涂料', '精细化工'] },
  { industry: '食品加工', words: ['食品', '农产品加工'] },
  { industry: '包装印刷', words: ['包装', '印务', '纸业'] },
  { industry: '汽车零部件', words: ['汽车部件', '汽配'] },
  { industry: '核电关联', words: ['核电设备', '能源装备'] },
];
const AFFILIATIONS = ['企业党员', '企业党员', '志愿者', '志愿者', '工商银行海盐支行', '农商银行西塘桥支行', '浙江盐邑律师事务所', '海盐信达会计师事务所', '退休干部'];
const ROAD_WORDS = '海港盐北盐湖新桥秦山武原通元枫林长安兴业工业环城东环西环南塘北塘滨海春晓朝阳经一经二纬一纬二望海澉浦沈荡百步于城华丰富民庆丰聚贤建设金星红旗光明'.match(/../g) ?? [];
const COMMUNITY_WORDS = '智汇湾金港湾滨海城新桥园盐北苑秦山谷东塘里西塘湾南湖畔北湖园通元路长山河海滨园枫林湾兴业港华丰园春晓城望海台凤凰湾澉浦港百步桥于城坊沈荡湾武原里富亭园庆丰湾聚贤坊天宁湾海塘园白洋湾齐家湾元通港石泾园'.match(/.../g) ?? [];
const CN_DIGITS = '零一二三四五六七八九';

/** A person's name: surname + 1–2 given characters. @example personName(rng) // "王晓玲" */
export function personName(rng: Rng): string {
  const n = rng.chance(0.7) ? 2 : 1;
  let s = rng.pick([...SURNAMES]);
  for (let k = 0; k < n; k++) s += rng.pick([...GIVEN]);
  return s;
}

/**
 * The prefix of every generated phone number: synthetic data must not name a real subscriber, and a made-up
 * 138… number belongs to somebody. In China's numbering plan (MIIT 电信网编号计划) a subscriber's mobile number is
 * 1 followed by 3–9; numbers that begin with 10 are carrier service codes (10000, 10086, 10010), 11 and 12 the
 * emergency and public-service numbers (110, 120, 12345). So an 11-digit number that begins with 10 is shaped like a
 * mobile number, is masked and counted like one, and no subscriber can have it.
 */
export const SYNTHETIC_PHONE_PREFIX = '10';

/**
 * A synthetic mobile-shaped number, 10 + 9 digits, that no subscriber can have (SYNTHETIC_PHONE_PREFIX).
 * It draws from `rng` exactly as often as before the prefix was introduced, so the rest of a dataset is unchanged.
 * @example /^10\d{9}$/.test(phone(rng))
 */
export function phone(rng: Rng): string {
  const third = rng.int(0, 9);
  return `${SYNTHETIC_PHONE_PREFIX}${third}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** Where an "other" member comes from. @example affiliation(rng) // "志愿者" */
export function affiliation(rng: Rng): string {
  return rng.pick(AFFILIATIONS);
}

export interface FirmName {
  name: string;
  /** The trade name (字号) plus trade, e.g. "宏达机械", for titles and micro-grid names. */
  short: string;
  industry: string;
}

/**
 * An enterprise name like 海盐宏达机械有限公司, unique within `taken` (which it updates).
 * @example firmName(rng, new Set()).name.endsWith('公司')
 */
export function firmName(rng: Rng, taken: Set<string>): FirmName {
  for (;;) {
    const trade = TRADES[rng.weighted([5, 4, 4, 3, 2, 2, 2, 1, 1, 1, 1, 1])];
    const word = rng.pick(trade.words);
    const brand = rng.pick([...FIRM_CHARS]) + rng.pick([...FIRM_CHARS]);
    if (brand[0] === brand[1]) continue;
    const place = rng.pick(['海盐', '海盐', '海盐', '浙江', '嘉兴']);
    const suffix = rng.pick(['有限公司', '有限公司', '有限公司', '股份有限公司', '科技有限公司']);
    const name = `${place}${brand}${word}${suffix}`;
    if (taken.has(name)) continue;
    taken.add(name);
    return { name, short: brand + word, industry: trade.industry };
  }
}

/** Road names for lattice lines, each distinct. @example roadNames(rng, 12).length === 12 */
export function roadNames(rng: Rng, n: number): string[] {
  const words = rng.shuffle([...ROAD_WORDS]);
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const w = words[k % words.length];
    const round = Math.floor(k / words.length);
    out.push(round === 0 ? w : `${w}${['东', '西', '南', '北', '中'][(round - 1) % 5]}`);
  }
  return out;
}

/** Distinct community name stems (3 characters), e.g. 金港湾. @example communityStems(rng, 30).length === 30 */
export function communityStems(rng: Rng, n: number): string[] {
  const pool = rng.shuffle([...COMMUNITY_WORDS].filter((w) => w !== '智汇湾'));
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(k < pool.length ? pool[k] : `${pool[k % pool.length]}${Math.floor(k / pool.length) + 1}`);
  return out;
}

/**
 * Chinese numerals for 1–99, as used in unit names (第十二网格).
 * @example chineseNumeral(12) === '十二'
 */
export function chineseNumeral(n: number): string {
  if (n < 10) return CN_DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}
