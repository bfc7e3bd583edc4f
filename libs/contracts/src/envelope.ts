import type {
  AlertCategory,
  FeedbackOutcome,
  GoodsUnit,
  HandlingCode,
  IdentifierType,
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

/** What a risk profile targets, in the vocabulary of subscription filters (DESIGN section 5). */
export interface RiskCriteria {
  locodes?: string[];
  countries?: string[];
  hsPrefixes?: string[];
  categories?: AlertCategory[];
  modes?: TransportMode[];
  minRiskLevel?: RiskLevel;
}

/**
 * Names and references a shipment's parties or transport show when a profile fits it. A pattern
 * is a case-insensitive substring (`pharma trading`), or, when it contains `*`, a whole-name
 * match where `*` stands for any run of characters (`*pharm* llc`); never a regular expression.
 */
export interface RiskIndicators {
  shipperPatterns?: string[];
  consigneePatterns?: string[];
  /** ISO 6346 owner prefixes: three letters and the category letter U, J or Z (`MSCU`). */
  containerOwnerPrefixes?: string[];
}

/** Body of a RISK_PROFILE: targeting criteria, valid for a window, versioned under a stable `profileId`. */
export interface RiskProfileBody {
  profileId: string;
  title: string;
  summary?: string;
  lang: string;
  category?: AlertCategory;
  riskLevel?: RiskLevel;
  criteria: RiskCriteria;
  indicators?: RiskIndicators;
  recommendedAction: RequestedAction;
  validFrom: string;
  validUntil: string;
  version: number;
}

/** A transport identifier in its normalised form: upper-case, without spaces or dashes (`CSQU3054383`, `17612345675`). */
export interface HitIdentifier {
  type: IdentifierType;
  value: string;
}

/**
 * One of the two alerts a HIT correlates, as the receiving node may see it. `visible: true`: the
 * node sent the alert or was one of its recorded recipients, so it gets the alert's id, origin node,
 * exact `createdAt` and title. `visible: false` (redacted): only that another alert exists, its
 * origin's country (`origin: 'AZ'`) and the UTC day it was created (`createdAt: '2026-11-27'`);
 * no id and no title.
 */
export interface HitAlert {
  visible: boolean;
  id?: string;
  origin: string;
  createdAt: string;
  title?: string;
}

/**
 * Body of a HIT, made by the router (never published by a node): two alerts from different origins
 * named the same identifier within `windowDays` of each other. `alerts` holds exactly two, the
 * earlier first; the receiving node's own alert is always visible. A hit is about an identifier and
 * a pair of nodes: the first HIT tells of the two alerts that opened it; later alerts of either node
 * on it come at most once per digest interval as a digest HIT, which tells of the latest alert of
 * each node and carries `alertCount` and `alertsSinceLastHit` (absent from the first HIT).
 */
export interface HitBody {
  identifier: HitIdentifier;
  alerts: HitAlert[];
  windowDays: number;
  /** Digest only: alerts the two nodes sent naming the identifier since the hit began, both nodes together. */
  alertCount?: number;
  /** Digest only: of those, how many came since the previous HIT about this identifier and pair of nodes. */
  alertsSinceLastHit?: number;
}

/** Body of a WITHDRAWAL: the origin takes back one of its messages; its recipients see it as withdrawn. */
export interface WithdrawalBody {
  refersTo: string;
  reason: string;
}

/**
 * Body of an AMENDMENT: the full new body of the original (of the original's kind), as version
 * `version` (the original is version 1); recipients keep the earlier versions as history.
 */
export interface AmendmentBody<B = unknown> {
  refersTo: string;
  version: number;
  reason?: string;
  body: B;
}

/** What was seized, by category: pieces and/or kilograms (an exact decimal string, up to 3 places). */
export interface SeizureQuantity {
  category: AlertCategory;
  pieces?: number;
  kilograms?: string;
}

/** Body of a FEEDBACK: what a recipient found, sent back to the original's origin. */
export interface FeedbackBody {
  refersTo: string;
  outcome: FeedbackOutcome;
  /** ISO 8601 date of the seizure; required for SEIZURE. */
  seizedAt?: string;
  /** Required and non-empty for SEIZURE, absent otherwise. */
  quantities?: SeizureQuantity[];
  remarks?: string;
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
