import { DashboardPage } from './coordinator/dashboard.page';
import { InboxPage } from './inbox/inbox.page';
import { LedgerBrowserPage } from './ledger/ledger.page';
import { MessagePage } from './messages/message.page';
import type { RouteDef } from './page';
import { PublishPage } from './publish/publish.page';
import { SubscriptionPage } from './subscription/subscription.page';

/**
 * Every page of the console, one line each: its hash path, the roles that may open it, and its
 * navigation label. The first page with a label that a role may open is where it lands.
 * The gateway refuses the admin an inbox (it has no node), so the admin gets the coordinator's pages.
 */
export const ROUTES: readonly RouteDef[] = [
  { path: 'inbox', roles: ['officer'], nav: 'nav.inbox', page: InboxPage },
  { path: 'publish', roles: ['officer'], nav: 'nav.publish', page: PublishPage },
  { path: 'subscription', roles: ['officer'], nav: 'nav.subscription', page: SubscriptionPage },
  { path: 'messages/:id', roles: ['officer'], page: MessagePage },
  { path: 'dashboard', roles: ['coordinator', 'admin'], nav: 'nav.dashboard', page: DashboardPage },
  { path: 'ledger', roles: ['coordinator', 'admin'], nav: 'nav.ledger', page: LedgerBrowserPage },
];
