export { countryName, isKnownCountry, listCountries, type CountryEntry } from './countries';
export { hsEntry, isHsChapter, type HsEntry } from './hs-nomenclature';
export { locationOf, type LocodeLocation } from './unlocode';
