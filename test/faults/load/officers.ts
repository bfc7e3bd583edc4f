import { randomAlert, type Random, seededRandom } from './alerts';
import type { PublishLog } from './publish-log';
import { PUBLISHERS } from './topology';

export interface OfficerLoadOptions {
  /** Pause between one officer's publications (ms); each officer publishes one alert at a time. */
  intervalMs?: number;
  /** Pause after a refused or failed request, so an outage does not become a busy loop. */
  failurePauseMs?: number;
  /** A request not answered within this is abandoned (its outcome unknown: never recorded). */
  requestTimeoutMs?: number;
  seed?: number;
  /** The officers that publish (their nodes' ids), each from a token in `tokens`. */
  publishers?: readonly string[];
}

interface Answer {
  status: number;
  body: any;
}

/**
 * Officers of several nodes publishing alerts at once through the HTTP API, each in a loop: the
 * preview of an alert, then the same alert published. Only a 202 is recorded as accepted, with the
 * recipients the preview named; every other answer is counted and the officer carries on. Given
 * several gateways, the officers are spread over them (the first officer on the first gateway, the
 * second on the second, ...), each staying on its own.
 */
export class OfficerLoad {
  private running = false;
  private lanes: Promise<void>[] = [];
  private serial = 0;
  private starts = 0;
  private readonly seed: number;
  private readonly gatewayUrls: string[];

  constructor(
    gateways: string | readonly string[],
    private readonly tokens: Record<string, string>,
    private readonly log: PublishLog,
    private readonly options: OfficerLoadOptions = {},
  ) {
    this.seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.gatewayUrls = typeof gateways === 'string' ? [gateways] : [...gateways];
    if (this.gatewayUrls.length === 0) throw new Error('OfficerLoad: no gateway to publish through');
  }

  /**
   * The seed the alerts were drawn from: with `IREN_FAULT_SEED` each officer draws the same alerts
   * in the same order again (how many fit in a scenario depends on how fast the network answers).
   */
  get seedUsed(): number {
    return this.seed;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const publishers = this.options.publishers ?? PUBLISHERS;
    // Each officer, and each start of the load (one per scenario), draws from a sequence of its own.
    const start = this.starts++;
    this.lanes = publishers.map((origin, lane) =>
      this.officer(
        origin,
        seededRandom(this.seed + lane * 7919 + start * 104_729),
        this.gatewayUrls[lane % this.gatewayUrls.length],
      ),
    );
  }

  /** Stops publishing and waits for the requests in flight to be answered. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.lanes);
    this.lanes = [];
  }

  private async officer(origin: string, random: Random, gatewayUrl: string): Promise<void> {
    const token = this.tokens[origin];
    const interval = this.options.intervalMs ?? 400;
    const failurePause = this.options.failurePauseMs ?? 1000;
    while (this.running) {
      const alert = randomAlert(random, this.serial++, origin);
      const preview = await this.call(gatewayUrl, '/messages/preview', token, alert);
      if (preview.status !== 200) {
        this.log.answered('preview', preview.status || preview.body);
        await sleep(failurePause);
        continue;
      }
      const published = await this.call(gatewayUrl, '/messages', token, alert);
      this.log.answered('publish', published.status || published.body);
      if (published.status === 202) {
        const entitled = (preview.body.recipients as { node: string }[]).map((r) => r.node);
        this.log.accept({ id: published.body.id, origin, alert, entitled, acceptedAt: Date.now() });
      }
      await sleep(published.status === 202 ? interval : failurePause);
    }
  }

  /** A POST that never throws: a transport failure answers status 0 with the error's code as body. */
  private async call(gatewayUrl: string, path: string, token: string, body: unknown): Promise<Answer> {
    try {
      const response = await fetch(`${gatewayUrl}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 15_000),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON (a proxy's or a dying server's answer): kept as text, only counted.
      }
      return { status: response.status, body: parsed };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return { status: 0, body: `error ${cause?.code ?? (error as Error).name}` };
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
