import { containerCheckDigit } from '@iren/contracts';
import { FAULT_NODES } from './topology';

/** A source of numbers in [0, 1): seeded, so a run's alerts can be made again from its seed. */
export type Random = () => number;

/** mulberry32: small, fast and good enough to pick alerts. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)];

/** Each category with goods that belong to it (HS 2022 subheadings). */
const GOODS: Record<string, { hsCode: string; description: string }> = {
  FALSIFIED_MEDICAL: { hsCode: '300420', description: 'Antibiotics, retail packs' },
  DRUGS: { hsCode: '300490', description: 'Medicaments, retail packs, declared as vitamins' },
  CIGARETTES: { hsCode: '240220', description: 'Cigarettes containing tobacco' },
  IPR: { hsCode: '640399', description: 'Footwear bearing a protected mark' },
  ALCOHOL: { hsCode: '220421', description: 'Wine in containers of 2 l or less' },
};
const PORTS = ['AZBAK', 'GEPTI', 'TMKRW', 'PKKHI', 'KZAAU', 'UZTAS', 'TJDYU'];
const RISKS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** A valid ISO 6346 container number for serial `n`, unique per alert so that no two make a HIT. */
export function containerNumber(n: number): string {
  const ownerAndSerial = `FLTU${String(n % 1_000_000).padStart(6, '0')}`;
  return `${ownerAndSerial}${containerCheckDigit(ownerAndSerial)}`;
}

/**
 * An alert for `POST /messages` from `origin`: a random category, risk, itinerary and TLP, and
 * sometimes addressed to nodes or a country, so that subscriptions, addressing and TLP rules all
 * decide recipients. RED alerts name one or two nodes (they reach no one else).
 */
export function randomAlert(random: Random, serial: number, origin: string): Record<string, unknown> {
  const category = pick(random, Object.keys(GOODS));
  const others = FAULT_NODES.map((n) => n.id).filter((id) => id !== origin);
  const roll = random();
  const tlp = roll < 0.15 ? 'RED' : roll < 0.3 ? 'GREEN' : 'AMBER';
  const nodes = tlp === 'RED' || random() < 0.2 ? [pick(random, others), pick(random, others)] : [];
  const countries = tlp !== 'RED' && random() < 0.15 ? [pick(random, ['TJ', 'PK', 'GE'])] : [];
  const from = pick(random, PORTS);
  const to = pick(
    random,
    PORTS.filter((p) => p !== from),
  );
  return {
    kind: 'ALERT',
    tlp,
    handling: 'H2',
    to: { nodes: [...new Set(nodes)], countries, groups: [] },
    body: {
      category,
      riskLevel: pick(random, RISKS),
      mode: 'SEA',
      title: `Fault-suite alert ${serial}`,
      summary: 'Route deviation and a new consignee; examine on arrival.',
      lang: 'en',
      transport: { containers: [containerNumber(serial)], awbs: [] },
      itinerary: [
        { locode: from, role: 'LOADING' },
        { locode: to, role: 'DISCHARGE' },
      ],
      goods: [{ ...GOODS[category], quantity: 1 + Math.floor(random() * 20_000), unit: 'PCS' }],
      indicators: ['ROUTE_DEVIATION'],
      requestedAction: 'EXAMINE',
    },
  };
}
