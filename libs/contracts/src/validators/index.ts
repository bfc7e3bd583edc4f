export { airWaybillCheckDigit, airWaybillProblem, isValidAirWaybill, IsAirWaybill } from './air-waybill';
export {
  containerCheckDigit,
  containerNumberProblem,
  isValidContainerNumber,
  IsContainerNumber,
} from './container-number';
export { countryCodeProblem, isValidCountryCode, IsCountryCode } from './country-code';
export { flightNumberProblem, isValidFlightNumber, IsFlightNumber } from './flight-number';
export { hsCodeProblem, hsPrefixProblem, isValidHsCode, isValidHsPrefix, IsHsCode, IsHsPrefix } from './hs-code';
export { imoCheckDigit, imoNumberProblem, isValidImoNumber, IsImoNumber } from './imo-number';
export { locodeProblem, isValidLocode, IsLocode } from './locode';
export { nodeIdProblem, isValidNodeId, IsNodeId, parseNodeId, type NodeIdParts } from './node-id';
export { type ProblemFinder } from './identifier-decorator';
