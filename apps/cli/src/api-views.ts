import type { components } from '@iren/client';

/*
 * The answers of the API the CLI reads, by the names the contract (contract/openapi.json) gives
 * them: a change of an answer that breaks the CLI fails to compile.
 */
type Schemas = components['schemas'];

export type InboxItemView = Schemas['InboxItem'];
export type NodeView = Schemas['NodeView'];
export type AuditPageView = Schemas['AuditEventsPageView'];
export type AuditEventView = AuditPageView['items'][number];
export type ExchangeReportView = Schemas['ExchangeReportView'];
export type SeizureReportView = Schemas['SeizureReportView'];

/** `GET /audit/events` answers JSON or CSV (`format=csv`); asked for JSON, it is the page. */
export function jsonPage(answer: AuditPageView | string): AuditPageView {
  if (typeof answer === 'string') throw new Error('the API answered CSV where JSON was asked');
  return answer;
}
