import { Injectable } from '@nestjs/common';
import { type DeadLetter, DeadLetterQueue } from '@iren/messaging';
import { DeadLetterReplaysRepository, type ReplayAttempt } from './dead-letter-replays.repository';

/** A dead letter as the admin lists it: its metadata and the attempts to put it back, never its content. */
export type DeadLetterItem = DeadLetter & { replays: ReplayAttempt[] };

export interface DeadLettersPage {
  items: DeadLetterItem[];
  /** Pass as `after` to read on; the same cursor again when nothing new has arrived. */
  next: string | null;
}

@Injectable()
export class DeadLettersService {
  constructor(
    private readonly queue: DeadLetterQueue,
    private readonly replays: DeadLetterReplaysRepository,
  ) {}

  async page(after: string | undefined, limit: number): Promise<DeadLettersPage> {
    const letters = await this.queue.page(Number(after ?? 0), limit);
    const attempts = await this.replays.attemptsOn(letters.map((l) => l.id));
    const items = letters.map((letter) => ({ ...letter, replays: attempts.get(letter.id) ?? [] }));
    return { items, next: items.at(-1)?.id ?? after ?? null };
  }
}
