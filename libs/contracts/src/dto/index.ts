export { AckDto } from './ack.dto';
export { AddressingDto } from './addressing.dto';
export { AlertBodyDto } from './alert-body.dto';
export { AmendMessageDto } from './amend-message.dto';
export { AmendmentBodyDto } from './amendment-body.dto';
export { DESIGN_EXAMPLES } from './design-examples';
export { amendedBodyProblems } from './amended-body';
export { FeedbackBodyDto } from './feedback-body.dto';
export { GiveFeedbackDto } from './give-feedback.dto';
export { KILOGRAMS_PATTERN, SeizureQuantityDto } from './seizure-quantity.dto';
export { WithdrawMessageDto } from './withdraw-message.dto';
export { WithdrawalBodyDto } from './withdrawal-body.dto';
export { AUDIT_EVENT_KINDS, AuditEventsQueryDto } from './audit-events-query.dto';
export { EnvelopeDto, EnvelopeSignatureDto } from './envelope.dto';
export { ApiEnvelopeProperty } from './envelope-by-kind';
export { ExchangeReportQueryDto } from './exchange-report-query.dto';
export { SeizureReportQueryDto } from './seizure-report-query.dto';
export { GoodsLineDto } from './goods-line.dto';
export { DeadLettersQueryDto } from './dead-letters-query.dto';
export { CreateGroupDto, PutGroupMembersDto } from './group.dto';
export { InboxQueryDto } from './inbox-query.dto';
export { ItineraryPointDto } from './itinerary-point.dto';
export { PublishMessageDto, type UnsignedMessage } from './publish-message.dto';
export { namePatternProblem, RiskCriteriaDto, RiskIndicatorsDto, RiskProfileBodyDto } from './risk-profile-body.dto';
export { ScreenedGoodsLineDto, ScreenShipmentDto, ShipmentPartiesDto } from './screen-shipment.dto';
export { PutSubscriptionDto } from './put-subscription.dto';
export { NodeContactDto, RegisterNodeDto } from './register-node.dto';
export { SubscriptionFilterDto } from './subscription-filter.dto';
export { bodyDtoFor, NETWORK_MADE_KINDS, PUBLISHABLE_KINDS, SUPPORTED_KINDS } from './message-bodies';
export { MessageFieldsDto } from './message-fields.dto';
export { TransportReferencesDto } from './transport-references.dto';
export { UpdateNodeStatusDto } from './update-node-status.dto';
export {
  flattenValidationErrors,
  nestingProblem,
  validatePlain,
  VALIDATOR_OPTIONS,
  type FieldError,
} from './validate-plain';
export { RegisterNodeKeyDto } from './register-node-key.dto';
