import type { FunctionComponent } from 'preact';
import type { TextKey } from './i18n';
import type { Role, Session } from './session';

/** What every page is given: the signed-in session and the route's named parts. */
export interface PageProps {
  session: Session;
  params: Record<string, string>;
}

/** One console page: its path pattern, who may open it, and its navigation label if it has one. */
export interface RouteDef {
  path: string;
  roles: readonly Role[];
  /** Shown in the navigation when set; pages reached by links only (a message) leave it out. */
  nav?: TextKey;
  page: FunctionComponent<PageProps>;
}
