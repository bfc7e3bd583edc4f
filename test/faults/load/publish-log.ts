/** An alert the gateway answered 202 for, with who was entitled to it when it was sent. */
export interface AcceptedAlert {
  id: string;
  origin: string;
  /** The body of `POST /messages`, as sent. */
  alert: Record<string, unknown>;
  /** The nodes `POST /messages/preview` named for this very message just before it was published. */
  entitled: string[];
  acceptedAt: number;
}

/**
 * What the officers' load did: every alert accepted (202), and how every request was answered
 * (`publish 202`, `publish 503`, `preview error ECONNREFUSED`...), for the scenario's report.
 */
export class PublishLog {
  readonly accepted: AcceptedAlert[] = [];
  private readonly answers = new Map<string, number>();

  accept(alert: AcceptedAlert): void {
    this.accepted.push(alert);
  }

  answered(request: 'preview' | 'publish', outcome: number | string): void {
    const key = `${request} ${outcome}`;
    this.answers.set(key, (this.answers.get(key) ?? 0) + 1);
  }

  /** The accepted alerts from position `from` on (a scenario's share of a longer run). */
  acceptedSince(from: number): AcceptedAlert[] {
    return this.accepted.slice(from);
  }

  /** Counts of every answer so far, then forgets them (so each scenario reports its own). */
  takeAnswers(): Record<string, number> {
    const answers = Object.fromEntries([...this.answers].sort(([a], [b]) => a.localeCompare(b)));
    this.answers.clear();
    return answers;
  }
}

/** `publish 202 ×120, publish 503 ×4` */
export function answersLine(answers: Record<string, number>): string {
  const parts = Object.entries(answers).map(([key, n]) => `${key} ×${n}`);
  return parts.length ? parts.join(', ') : 'no requests';
}
