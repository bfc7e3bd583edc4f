import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExchangeNames, sitePermissions } from '@iren/contracts';
import { writeSecret } from './key-files';
import { materialLayout } from './material-layout';
import { loadTrustChain } from './trust-chain';
import { SITE_SYSTEM_PERMISSIONS } from './user-claims';
import { issueUser } from './user-creds';

export interface SiteOptions {
  /** ISO 3166-1 alpha-2 code of the site's country (`KZ`). */
  country: string;
  namespace: string;
}

/** What a national site's server needs, in `sites/<country>/`: copy the folder to the site's `/etc/nats/`. */
export const SITE_FILES = {
  /** The leaf connection into the IREN account: the streams sourced and mirrored across it, and the site apps' calls to the hub. */
  leafCreds: 'leaf.creds',
  /** The leaf connection into the system account: it receives account updates (revocations), nothing else. */
  leafSystemCreds: 'leaf-system.creds',
  authConf: 'auth.conf',
  accountsConf: 'accounts.conf',
} as const;

/**
 * Issues a national site's two leaf-connection users from existing material and gathers what its
 * server's configuration (`deploy/nats/leaf-kz.conf`) includes. Returns the site's folder.
 */
export async function writeSiteMaterial(materialDir: string, site: SiteOptions): Promise<string> {
  const layout = materialLayout(resolve(materialDir));
  const chain = await loadTrustChain(layout);
  const permissions = sitePermissions(new ExchangeNames(site.namespace), site.country);
  const dir = join(layout.sites, site.country.toLowerCase());
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tags = [`site:${site.country}`, `namespace:${site.namespace}`];
  const leaf = await issueUser(chain.account, `site-${site.country.toLowerCase()}`, permissions, { tags });
  writeSecret(join(dir, SITE_FILES.leafCreds), leaf.creds);
  const system = await issueUser(
    chain.systemAccount,
    `site-${site.country.toLowerCase()}-system`,
    SITE_SYSTEM_PERMISSIONS,
    {
      tags,
    },
  );
  writeSecret(join(dir, SITE_FILES.leafSystemCreds), system.creds);
  copyFileSync(layout.authConf, join(dir, SITE_FILES.authConf));
  copyFileSync(layout.accountsConf, join(dir, SITE_FILES.accountsConf));
  return dir;
}
