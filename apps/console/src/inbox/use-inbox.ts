import { followInbox } from '@iren/client';
import { useEffect, useState } from 'preact/hooks';
import { type Api, ok } from '../api';
import type { InboxItem } from '../views';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface Inbox {
  /** Newest delivery first; one item per message, as it now stands. */
  items: InboxItem[];
  live: LiveState;
  error: unknown;
}

const PAGE = 200;

/**
 * The node's inbox, kept current: the pages of `GET /inbox`, then `GET /inbox/stream` from the
 * last cursor (@iren/client's followInbox, which sends the token in a header and resumes after a
 * drop). A changed delivery (read, acknowledged, withdrawn, amended) comes again with a later
 * cursor and replaces the one held.
 */
export function useInbox(api: Api): Inbox {
  const [items, setItems] = useState<InboxItem[]>([]);
  const [live, setLive] = useState<LiveState>('connecting');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const abort = new AbortController();
    const held = new Map<string, InboxItem>();
    const publish = () =>
      setItems(
        [...held.values()].sort(
          (a, b) => b.deliveredAt.localeCompare(a.deliveredAt) || b.cursor.localeCompare(a.cursor),
        ),
      );
    const take = (item: InboxItem) => held.set(item.message.id, item);

    const follow = async () => {
      let cursor: string | undefined;
      for (;;) {
        const page = await ok(
          api.client.GET('/api/v1/inbox', { params: { query: { limit: PAGE, after: cursor } }, signal: abort.signal }),
        );
        page.items.forEach(take);
        cursor = page.next ?? cursor;
        if (page.items.length < PAGE) break;
      }
      publish();
      const stream = followInbox<InboxItem>(
        { baseUrl: api.baseUrl, token: api.token },
        {
          after: cursor,
          signal: abort.signal,
          onOpen: () => {
            setLive('live');
            setError(null);
          },
        },
      );
      for await (const delivery of stream) {
        take(delivery.item);
        publish();
      }
    };
    follow().then(
      () => undefined,
      (failure: unknown) => {
        if (abort.signal.aborted) return;
        setError(failure);
        setLive('closed');
      },
    );
    return () => abort.abort();
  }, [api]);

  return { items, live, error };
}
