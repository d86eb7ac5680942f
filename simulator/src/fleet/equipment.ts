/**
 * The piles themselves: invented manufacturers, their models and firmware, and the connector layout of
 * each kind of pile — AC 7 kW with one GB/T AC connector, DC 60–180 kW with one or two GB/T DC guns.
 */
import type { Random } from '../random.js';
import type { ConnectorSpec } from './fleet.js';
import type { CategoryProfile } from './station-categories.js';

interface Vendor {
  /** As sent in BootNotification (≤ 20 characters). */
  name: string;
  zh: string;
  prefix: string;
  firmware: readonly string[];
}

export const vendors: readonly Vendor[] = [
  { name: 'JinYuan', zh: '晋源电气', prefix: 'JY', firmware: ['V2.3.15', 'V2.4.2', 'V2.4.7'] },
  { name: 'HuaChong', zh: '华充科技', prefix: 'HC', firmware: ['HC-FW-1.8.0', 'HC-FW-1.9.3'] },
  { name: 'Beiyue', zh: '北岳能源', prefix: 'BY', firmware: ['3.1.0', '3.2.1', '3.2.4'] },
  { name: 'FenheSmart', zh: '汾河智能', prefix: 'FH', firmware: ['FH_R5.02', 'FH_R5.10'] },
  { name: 'Yanmen', zh: '雁门电力设备', prefix: 'YM', firmware: ['YM2.0.8', 'YM2.1.0'] },
];

export const GBT_AC = 'GBT_AC';
export const GBT_DC = 'GBT_DC';

export interface PileDesign {
  vendor: Vendor;
  model: string;
  firmwareVersion: string;
  connectors: ConnectorSpec[];
}

/** Picks a pile for a site: DC or AC by the site's DC share, power and guns by its DC mix. */
export function designPile(rng: Random, profile: CategoryProfile, mustBeDc: boolean): PileDesign {
  const vendor = rng.pick(vendors);
  const firmwareVersion = rng.pick(vendor.firmware);
  if (!mustBeDc && !rng.chance(profile.dcShare)) {
    return {
      vendor,
      model: `${vendor.prefix}-AC7-S`,
      firmwareVersion,
      connectors: [{ evseId: 1, connectorId: 1, connectorType: GBT_AC, currentType: 'AC', maxPowerKw: 7 }],
    };
  }
  const kw = Number(rng.weighted(profile.dcPower));
  // Double-gun piles share the cabinet's power between the guns; small ones usually have one gun.
  const guns = kw >= 160 ? 2 : kw >= 120 ? (rng.chance(0.7) ? 2 : 1) : kw >= 80 ? (rng.chance(0.3) ? 2 : 1) : 1;
  return {
    vendor,
    model: `${vendor.prefix}-DC${kw}-${guns}G`,
    firmwareVersion,
    connectors: Array.from({ length: guns }, (_, i) => ({
      evseId: i + 1,
      connectorId: 1,
      connectorType: GBT_DC,
      currentType: 'DC' as const,
      maxPowerKw: kw,
    })),
  };
}

/** Serial numbers: vendor prefix, two-digit year of manufacture, a per-vendor running number. */
export class SerialNumbers {
  private readonly next = new Map<string, number>();

  constructor(private readonly rng: Random) {}

  issue(vendor: Vendor): string {
    const n = this.next.get(vendor.prefix) ?? this.rng.int(1000, 90000);
    this.next.set(vendor.prefix, n + 1);
    return `${vendor.prefix}${this.rng.int(22, 25)}${String(n).padStart(6, '0')}`;
  }
}
