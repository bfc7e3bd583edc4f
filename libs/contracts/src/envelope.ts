import type {
  AlertCategory,
  GoodsUnit,
  HandlingCode,
  ItineraryRole,
  MessageKind,
  RequestedAction,
  RiskLevel,
  Tlp,
  TransportMode,
} from './vocabulary';

/** Who a message is addressed to, besides the subscribers its TLP lets it reach. */
export interface Addressing {
  nodes: string[];
  countries: string[];
  groups: string[];
}

export interface ItineraryPoint {
  locode: string;
  role: ItineraryRole;
}

export interface GoodsLine {
  hsCode: string;
  description: string;
  quantity?: number;
  unit?: GoodsUnit;
  brand?: string;
}

export interface TransportReferences {
  containers?: string[];
  billOfLading?: string | null;
  vesselImo?: string | null;
  awbs?: string[];
  flight?: string | null;
}

/** Body of an ALERT (DESIGN section 3). */
export interface AlertBody {
  category: AlertCategory;
  riskLevel: RiskLevel;
  mode: TransportMode;
  title: string;
  summary: string;
  lang: string;
  transport: TransportReferences;
  itinerary: ItineraryPoint[];
  goods: GoodsLine[];
  indicators: string[];
  requestedAction: RequestedAction;
  feedbackDueBy?: string;
  validUntil?: string;
}

/** Ed25519 signature over the canonical JSON of the rest of the envelope. */
export interface EnvelopeSignature {
  keyId: string;
  value: string;
}

/**
 * The unit of exchange. Everything but `signature` is covered by the canonical serialisation
 * (`canonicalJson`), which is what the ledger hashes and what a signature signs.
 */
export interface Envelope<B = AlertBody> {
  id: string;
  kind: MessageKind;
  origin: string;
  createdAt: string;
  tlp: Tlp;
  handling?: HandlingCode;
  to?: Addressing;
  operation?: string;
  body: B;
  signature?: EnvelopeSignature;
}

/** What one recipient's inbox receives over NATS (`iren.inbox.<node>`). */
export interface DeliveryPayload {
  recipient: string;
  envelope: Envelope;
  /** Why this node receives the message: `addressed:node`, `addressed:country:<cc>`, `addressed:group:<id>`, `filter:<index>`. */
  reasons: string[];
}
