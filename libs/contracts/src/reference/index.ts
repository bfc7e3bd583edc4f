export { countryName, isKnownCountry, listCountries, type CountryEntry } from './countries';
export { allHsEntries, hsEntry, isHsChapter, type HsEntry } from './hs-nomenclature';
export { allLocations, locationOf, type LocodeLocation } from './unlocode';
