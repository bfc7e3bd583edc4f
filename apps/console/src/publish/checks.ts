import { airWaybillProblem } from '@iren/contracts/validators/air-waybill';
import { containerNumberProblem } from '@iren/contracts/validators/container-number';
import { flightNumberProblem } from '@iren/contracts/validators/flight-number';
import { imoNumberProblem } from '@iren/contracts/validators/imo-number';
import { type Api, ok } from '../api';
import type { HsEntry, LocationMatch } from '../views';

/**
 * Checks that run as the officer types: the project's own validators (ISO 6346, IMO and IATA
 * check digits, flight numbers) run in the browser as they run in the gateway; what needs the
 * reference data (does this UN/LOCODE exist, this HS heading) asks the gateway's reference routes.
 */
export const localChecks = {
  container: containerNumberProblem,
  imo: imoNumberProblem,
  awb: airWaybillProblem,
  flight: flightNumberProblem,
};

/** Comma- or space-separated identifiers, upper-cased. */
export function listOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim().toUpperCase())
    .filter(Boolean);
}

/** The problems of each identifier in a list (`CSQU3054384: check digit should be 3`). */
export function listProblems(text: string, problemOf: (value: unknown) => string | undefined): string[] {
  return listOf(text).flatMap((item) => {
    const problem = problemOf(item);
    return problem ? [`${item}: ${problem}`] : [];
  });
}

/** The listed location of a UN/LOCODE, or null when the shipped list does not hold it. */
export async function findLocation(api: Api, locode: string): Promise<LocationMatch | null> {
  const found = await ok(api.client.GET('/api/v1/reference/locations', { params: { query: { q: locode, limit: 5 } } }));
  return found.find((location) => location.locode === locode) ?? null;
}

/** The HS heading (4 digits) an HS code falls under, or null when the nomenclature has none. */
export async function findHeading(api: Api, hsCode: string): Promise<HsEntry | null> {
  const heading = hsCode.slice(0, 4);
  const found = await ok(api.client.GET('/api/v1/reference/hs', { params: { query: { q: heading, limit: 5 } } }));
  return found.find((entry) => entry.code === heading) ?? null;
}
