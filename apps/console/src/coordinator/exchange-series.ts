import type { components } from '@iren/client';
import type { Period } from './periods';

/** `GET /reports/exchange`, as the contract types it: a change of its shape fails to compile here. */
export type ExchangeReport = components['schemas']['ExchangeReportView'];

/** One period's figures of the whole network, as the charts draw them. */
export interface ExchangePoint extends Period {
  sent: number;
  received: number;
  /** Median seconds from delivery to first read; null when nothing was read. */
  readSeconds: number | null;
  acknowledgeSeconds: number | null;
  feedbackRequested: number;
  feedbackGiven: number;
  /** given / requested as a percentage (one decimal); null when nothing asked for feedback. */
  feedbackPercent: number | null;
  overdue: number;
}

/** The network's figures of each period, in the periods' order. */
export function exchangeSeries(periods: readonly Period[], reports: readonly ExchangeReport[]): ExchangePoint[] {
  if (periods.length !== reports.length) {
    throw new RangeError(`${periods.length} periods but ${reports.length} reports`);
  }
  return periods.map((period, i) => {
    const { sent, received, timeToRead, timeToAcknowledge, feedback } = reports[i].network;
    return {
      ...period,
      sent: sent.total,
      received: received.total,
      readSeconds: timeToRead.medianSeconds,
      acknowledgeSeconds: timeToAcknowledge.medianSeconds,
      feedbackRequested: feedback.requested,
      feedbackGiven: feedback.given,
      feedbackPercent: percent(feedback.given, feedback.requested),
      overdue: feedback.overdue,
    };
  });
}

/** One country's feedback over the whole range: asked, given, the rate, how many went overdue. */
export interface CountryFeedback {
  country: string;
  requested: number;
  given: number;
  percent: number | null;
  overdue: number;
  sent: number;
  received: number;
}

/** Countries with any exchange in the report, the most overdue first, then by code. */
export function feedbackByCountry(report: ExchangeReport): CountryFeedback[] {
  return report.countries
    .map(({ country, feedback, sent, received }) => ({
      country,
      requested: feedback.requested,
      given: feedback.given,
      percent: percent(feedback.given, feedback.requested),
      overdue: feedback.overdue,
      sent: sent.total,
      received: received.total,
    }))
    .sort((a, b) => b.overdue - a.overdue || a.country.localeCompare(b.country));
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}
