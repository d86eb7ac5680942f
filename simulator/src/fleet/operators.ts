/**
 * The charging operators (运营企业) of the virtual fleet and their registration codes. Names are invented
 * (the grid and highway companies are named after the bodies the plan gives responsibilities to); codes are
 * fake but well-formed: the check characters are computed as the national standards define them, so
 * validators downstream accept them.
 */
import type { Random } from '../random.js';
import type { Operator } from './fleet.js';
import type { StationCategory } from './station-categories.js';

const ORG_CODE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organisation code: 8 body characters and a check character (0–9 or X). */
export function orgCodeCheck(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) throw new RangeError(`organisation code body must be 8 of 0-9A-Z: ${body}`);
  const sum = [...body].reduce((s, ch, i) => s + ORG_CODE_CHARS.indexOf(ch) * ORG_CODE_WEIGHTS[i]!, 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 unified social credit code: 17 body characters and a check character. */
export function creditCodeCheck(body: string): string {
  if (body.length !== 17 || [...body].some((ch) => !CREDIT_CODE_CHARS.includes(ch)))
    throw new RangeError(`credit code body must be 17 of ${CREDIT_CODE_CHARS}: ${body}`);
  const sum = [...body].reduce((s, ch, i) => s + CREDIT_CODE_CHARS.indexOf(ch) * CREDIT_CODE_WEIGHTS[i]!, 0);
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

/** True when both check characters of a credit code (its own and the embedded org code's) are right. */
export function isWellFormedCreditCode(code: string): boolean {
  if (code.length !== 18) return false;
  try {
    const org = code.slice(8, 17);
    return creditCodeCheck(code.slice(0, 17)) === code[17] && orgCodeCheck(org.slice(0, 8)) === org[8];
  } catch {
    return false;
  }
}

interface OperatorTemplate {
  id: string;
  name: string;
  /** Registration authority + organisation type, first two characters of the credit code. */
  kind: '91' | '12';
  contactName: string;
}

const templates: OperatorTemplate[] = [
  { id: 'op-sgcc-xz', name: '国网山西省电力公司忻州供电公司', kind: '91', contactName: '王建国' },
  { id: 'op-sxjk-xz', name: '山西交控集团忻州高速公路分公司', kind: '91', contactName: '李明' },
  { id: 'op-xzct-ne', name: '忻州市城投新能源有限公司', kind: '91', contactName: '张晓燕' },
  { id: 'op-jinxing', name: '晋兴充电科技有限公司', kind: '91', contactName: '赵磊' },
  { id: 'op-yanzhou', name: '雁州驰电出行服务有限公司', kind: '91', contactName: '刘芳' },
  { id: 'op-xzbus', name: '忻州市公共交通有限公司', kind: '91', contactName: '陈志强' },
];

/** Which operators run which kind of site, with weights. */
export const operatorsByCategory: Record<StationCategory, Record<string, number>> = {
  central_public: { 'op-sgcc-xz': 3, 'op-xzct-ne': 3, 'op-jinxing': 2, 'op-yanzhou': 2 },
  urban_public: { 'op-sgcc-xz': 2, 'op-xzct-ne': 2, 'op-jinxing': 3, 'op-yanzhou': 3 },
  township: { 'op-sgcc-xz': 6, 'op-xzct-ne': 2, 'op-jinxing': 2 },
  village: { 'op-sgcc-xz': 7, 'op-xzct-ne': 2, 'op-jinxing': 1 },
  scenic_area: { 'op-xzct-ne': 4, 'op-jinxing': 3, 'op-yanzhou': 3 },
  highway_service_area: { 'op-sxjk-xz': 7, 'op-sgcc-xz': 3 },
  trunk_road_parking: { 'op-sgcc-xz': 6, 'op-sxjk-xz': 4 },
  tourist_road_post: { 'op-xzct-ne': 4, 'op-jinxing': 3, 'op-yanzhou': 3 },
  rv_camp: { 'op-xzct-ne': 4, 'op-jinxing': 3, 'op-yanzhou': 3 },
  residential: { 'op-jinxing': 5, 'op-yanzhou': 5 },
  institution: { 'op-sgcc-xz': 4, 'op-xzct-ne': 6 },
  bus_depot: { 'op-xzbus': 1 },
};

/** The operators with codes drawn from `rng`, registered in the city (region code 140900). */
export function generateOperators(rng: Random, regionCode = '140900'): Operator[] {
  return templates.map((t) => {
    const body = rng.chars(8, '0123456789');
    const orgCode = body + orgCodeCheck(body);
    const creditBody = `${t.kind}${regionCode}${orgCode}`;
    return {
      id: t.id,
      name: t.name,
      creditCode: creditBody + creditCodeCheck(creditBody),
      orgCode,
      contactName: t.contactName,
      contactPhone: `0350-${rng.int(2000000, 8999999)}`,
    };
  });
}
