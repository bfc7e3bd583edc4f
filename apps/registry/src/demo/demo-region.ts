import type { NodeType, SubscriptionFilter } from '@iren/contracts';

export interface DemoNode {
  id: string;
  type: NodeType;
  country: string;
  name: string;
  locodes: string[];
  email: string;
  filters: SubscriptionFilter[];
}

const medical: SubscriptionFilter = { hsPrefixes: ['30'], categories: ['FALSIFIED_MEDICAL'] };

/**
 * A Central Asia network at real UN/LOCODEs: customs HQs, seaport PCUs and airport ACCUs of eight
 * countries, and the programme's regional coordinator. Subscriptions are what such units ask for:
 * a PCU its ports, an ACCU air cargo through its airport, an HQ its country's high-risk traffic.
 */
export const DEMO_REGION: readonly DemoNode[] = [
  hq('KZ', 'ASTANA', 'State Revenue Committee, Astana', 'KZAST'),
  pcu('KZ', 'AKTAU', 'Aktau seaport PCU', ['KZAAU', 'KZKUR']),
  accu('KZ', 'ALMATY', 'Almaty airport ACCU', 'KZALA'),
  pcu('KZ', 'KHORGOS', 'Khorgos dry port PCU', ['KZHOR']),
  hq('KG', 'BISHKEK', 'State Customs Service, Bishkek', 'KGFRU'),
  accu('KG', 'MANAS', 'Manas airport ACCU', 'KGMAN'),
  hq('TJ', 'DUSHANBE', 'Customs Service, Dushanbe', 'TJDYU'),
  accu('TJ', 'DUSHANBE', 'Dushanbe airport ACCU', 'TJDYU'),
  hq('TM', 'ASHGABAT', 'State Customs Service, Ashgabat', 'TMAGT'),
  pcu('TM', 'TURKMENBASHI', 'Turkmenbashi seaport PCU', ['TMKRW']),
  hq('UZ', 'TASHKENT', 'Customs Committee, Tashkent', 'UZTAS'),
  accu('UZ', 'TASHKENT', 'Tashkent airport ACCU', 'UZTAS'),
  pcu('UZ', 'TERMEZ', 'Termez river port and rail PCU', ['UZTER']),
  hq('AZ', 'BAKU', 'State Customs Committee, Baku', 'AZBAK'),
  pcu('AZ', 'BAKU', 'Baku (Alat) seaport PCU', ['AZBAK']),
  hq('GE', 'TBILISI', 'Revenue Service Customs, Tbilisi', 'GETBS'),
  pcu('GE', 'POTI', 'Poti seaport PCU', ['GEPTI']),
  pcu('GE', 'BATUMI', 'Batumi seaport PCU', ['GEBUS']),
  hq('PK', 'ISLAMABAD', 'Pakistan Customs, Islamabad', 'PKISB'),
  pcu('PK', 'KARACHI', 'Karachi seaport PCU', ['PKKHI', 'PKBQM']),
  accu('PK', 'LAHORE', 'Lahore airport ACCU', 'PKLHE'),
  {
    id: 'UZ-COORD-ROCA',
    type: 'COORD',
    country: 'UZ',
    name: 'UNODC-WCO CCP regional coordination, Tashkent',
    locodes: ['UZTAS'],
    email: 'ccp.roca@example.org',
    filters: [],
  },
];

function hq(country: string, place: string, name: string, locode: string): DemoNode {
  return {
    id: `${country}-HQ-${place}`,
    type: 'HQ',
    country,
    name,
    locodes: [locode],
    email: `hq.${place.toLowerCase()}@example.${country.toLowerCase()}`,
    filters: [
      { countries: [country], minRiskLevel: 'HIGH' },
      { ...medical, countries: [country] },
    ],
  };
}

function pcu(country: string, place: string, name: string, locodes: string[]): DemoNode {
  return {
    id: `${country}-PCU-${place}`,
    type: 'PCU',
    country,
    name,
    locodes,
    email: `pcu.${place.toLowerCase()}@example.${country.toLowerCase()}`,
    filters: [{ locodes, modes: ['SEA', 'RAIL', 'ROAD'] }],
  };
}

function accu(country: string, place: string, name: string, locode: string): DemoNode {
  return {
    id: `${country}-ACCU-${place}`,
    type: 'ACCU',
    country,
    name,
    locodes: [locode],
    email: `accu.${place.toLowerCase()}@example.${country.toLowerCase()}`,
    filters: [{ locodes: [locode], modes: ['AIR'] }],
  };
}
