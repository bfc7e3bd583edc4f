/**
 * Realistic alerts for the end-to-end benchmarks: about 2 KiB of JSON each (a summary of a few
 * paragraphs, three goods lines, transport references), from one benchmark node to between 1 and 5
 * others, reached through their subscriptions (the itinerary names the place each one watches).
 */
import { containerCheckDigit, imoCheckDigit } from '@iren/contracts';
import type { BenchNode } from './network';

/** How the alerts name their transport: each its own container, or all the same vessel and container. */
export type Correlation = 'distinct' | 'same';

export interface BenchAlert {
  origin: BenchNode;
  recipients: BenchNode[];
  /** The body of `POST /messages`. */
  body: object;
}

const SUMMARY =
  'Falsified antibiotics suspected in a consignment declared as veterinary supplements. The consignee was ' +
  'registered four weeks ago and has no import history; the declared value is a third of the market price. ' +
  'The vessel deviated from its usual rotation through the Caspian and called at a port it had not served ' +
  'in the past year. Packaging photographed at loading shows batch numbers that the rightsholder does not ' +
  'recognise and blister foil of a kind withdrawn in 2021. Documents were amended twice after departure, ' +
  'each time changing the consignee address and the quantity of cartons. Examine the containers on arrival, ' +
  'sample three cartons per container, and report back the batch numbers and the seals found.';

/** A valid ISO 6346 container number for `serial` (owner code BENU). */
export function containerNumber(serial: number): string {
  const ownerAndSerial = `BENU${String(serial % 1_000_000).padStart(6, '0')}`;
  return `${ownerAndSerial}${containerCheckDigit(ownerAndSerial)}`;
}

/** A valid IMO number for `serial`. */
export function imoNumber(serial: number): string {
  const firstSix = String(900_000 + (serial % 100_000));
  return `IMO${firstSix}${imoCheckDigit(firstSix)}`;
}

/** A small deterministic generator, so that every run sends the same alerts. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Itinerary roles for `k` places reached in turn. */
function roles(k: number): string[] {
  if (k === 1) return ['DESTINATION'];
  return ['LOADING', ...Array.from({ length: k - 2 }, () => 'TRANSSHIPMENT'), 'DESTINATION'];
}

/**
 * Alert `serial` among `nodes`: a random origin and 1 to 5 other nodes as recipients (evenly
 * spread), with `correlation` deciding whether its container and vessel are its own.
 */
export function benchAlert(
  serial: number,
  nodes: BenchNode[],
  correlation: Correlation,
  random: () => number,
): BenchAlert {
  const origin = nodes[Math.floor(random() * nodes.length)];
  const count = 1 + Math.floor(random() * Math.min(5, nodes.length - 1));
  const recipients: BenchNode[] = [];
  while (recipients.length < count) {
    const node = nodes[Math.floor(random() * nodes.length)];
    if (node !== origin && !recipients.includes(node)) recipients.push(node);
  }
  const same = correlation === 'same';
  const body = {
    kind: 'ALERT',
    tlp: 'AMBER',
    handling: 'H2',
    to: { nodes: [], countries: [], groups: [] },
    body: {
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title: `Suspected falsified antibiotics, consignment ${serial}`,
      summary: SUMMARY,
      lang: 'en',
      transport: {
        containers: [containerNumber(same ? 1 : serial)],
        billOfLading: `BENB${String(serial).padStart(8, '0')}`,
        vesselImo: imoNumber(same ? 1 : serial),
        awbs: [],
      },
      itinerary: recipients.map((node, i, all) => ({ locode: node.locode, role: roles(all.length)[i] })),
      goods: [
        { hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 12000, unit: 'PCS', brand: 'Sanofi' },
        { hsCode: '300490', description: 'Other medicaments, retail packs', quantity: 4000, unit: 'PCS' },
        { hsCode: '230990', description: 'Preparations for animal feeding (as declared)', quantity: 800, unit: 'KGM' },
      ],
      indicators: ['ROUTE_DEVIATION', 'NEW_CONSIGNEE', 'UNDERVALUATION', 'DOCUMENT_AMENDED'],
      requestedAction: 'EXAMINE',
      feedbackDueBy: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
    },
  };
  return { origin, recipients, body };
}
