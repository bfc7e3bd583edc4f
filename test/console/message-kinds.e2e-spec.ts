import { containerCheckDigit } from '@iren/contracts';
import { type components, ok } from '@iren/client';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt, launchBrowser, officeContext, signIn } from '../support/browser';
import { apiClient, eventually, typedApi } from '../support/http';
import { registerNodes } from '../support/members';
import { startTestNetwork, type TestNetwork } from '../support/test-network';

jest.setTimeout(180_000);

const NODES = [
  { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ', name: 'Baku seaport PCU', locodes: ['AZBAK'] },
  {
    id: 'KZ-PCU-AKTAU',
    type: 'PCU',
    country: 'KZ',
    name: 'Aktau seaport PCU',
    locodes: ['KZAAU'],
    filters: [{ locodes: ['KZAAU'] }],
  },
];

const CONTAINER = `CSQU305438${containerCheckDigit('CSQU305438')}`;

/** An alert naming CONTAINER on its way to Aktau, typed by the contract's publish body. */
function alert(title: string): components['schemas']['PublishMessageDto'] {
  return {
    kind: 'ALERT',
    tlp: 'AMBER',
    to: { nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'] },
    body: {
      category: 'IPR',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title,
      summary: 'Counterfeit sportswear declared as textiles.',
      lang: 'en',
      transport: { containers: [CONTAINER] },
      itinerary: [
        { locode: 'AZBAK', role: 'LOADING' },
        { locode: 'KZAAU', role: 'DISCHARGE' },
      ],
      requestedAction: 'EXAMINE',
    },
  };
}

/**
 * Messages that are not alerts (a risk profile, a correlation hit) in the inbox and on the message
 * page: each shows its own fields, typed by its kind in the contract, never an alert's empty ones.
 */
describe('Web console, messages of every kind', () => {
  let net: TestNetwork;
  let browser: Browser;
  let tokens: Record<string, string>;

  const officer = async (node: string): Promise<Page> => {
    const { context } = await officeContext(browser);
    return signIn(context, net.baseUrl, tokens[node]);
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    net = await startTestNetwork();
    tokens = await registerNodes(apiClient(net.baseUrl), net.adminToken, NODES);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  it('shows a risk profile with its title, recommended action and validity', async () => {
    const validFrom = new Date(Date.now() - 3_600_000).toISOString();
    const validUntil = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString();
    await ok(
      typedApi(net.baseUrl, tokens['AZ-PCU-BAKU']).POST('/api/v1/messages', {
        body: {
          kind: 'RISK_PROFILE',
          tlp: 'GREEN',
          to: { nodes: ['KZ-PCU-AKTAU'] },
          body: {
            profileId: 'AZ-RP-ANTIBIOTICS',
            title: 'Falsified antibiotics discharged at Aktau',
            lang: 'en',
            category: 'FALSIFIED_MEDICAL',
            riskLevel: 'HIGH',
            criteria: { locodes: ['KZAAU'], hsPrefixes: ['3004'] },
            recommendedAction: 'HOLD',
            validFrom,
            validUntil,
            version: 1,
          },
        },
      }),
    );
    const aktau = await officer('KZ-PCU-AKTAU');
    const row = aktau.getByRole('row').filter({ hasText: 'Falsified antibiotics discharged at Aktau' });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('.sub').textContent()).toBe('Risk profile · Falsified medical products · Risk: High');
    await row.getByRole('link', { name: 'Falsified antibiotics discharged at Aktau' }).click();
    await aktau.getByRole('heading', { name: 'Falsified antibiotics discharged at Aktau' }).waitFor();
    expect(await fact(aktau, 'Profile')).toBe('AZ-RP-ANTIBIOTICS, version 1');
    expect(await fact(aktau, 'Recommended action')).toBe('Hold');
    expect(await fact(aktau, 'Valid')).toMatch(/ to /);
    // An alert's own parts are not shown empty for a profile.
    expect(await aktau.getByRole('heading', { name: 'Transport references' }).count()).toBe(0);
    await aktau.context().close();
  });

  it('shows a correlation hit with its identifier and the two alerts it links', async () => {
    const baku = typedApi(net.baseUrl, tokens['AZ-PCU-BAKU']);
    const aktau = typedApi(net.baseUrl, tokens['KZ-PCU-AKTAU']);
    await ok(baku.POST('/api/v1/messages', { body: alert('Fake sportswear to Aktau') }));
    await ok(aktau.POST('/api/v1/messages', { body: alert('Sportswear seen at Aktau') }));
    await eventually(
      async () => {
        const page = await ok(aktau.GET('/api/v1/inbox', { params: { query: { limit: 200 } } }));
        // The typed client narrows the body by the envelope's kind: a HIT's identifier is typed.
        return page.items.some((i) => i.message.kind === 'HIT' && i.message.body.identifier.value === CONTAINER)
          ? true
          : undefined;
      },
      30_000,
      'the HIT in Aktau’s inbox',
    );

    const page = await officer('KZ-PCU-AKTAU');
    const subject = `Hit: ${CONTAINER} named in alerts of two nodes`;
    await page.getByRole('link', { name: subject }).click();
    await page.getByRole('heading', { name: subject }).waitFor();
    expect(await fact(page, 'Identifier')).toBe(CONTAINER);
    expect(await fact(page, 'Within')).toBe('90 days');
    const alerts = page.getByRole('region', { name: 'The two alerts' });
    expect(await alerts.getByRole('link').allTextContents()).toEqual([
      'Fake sportswear to Aktau',
      'Sportswear seen at Aktau',
    ]);
    await page.context().close();
  });
});

/** The text of a fact on the message page: the `dd` after the `dt` named `label`. */
async function fact(page: Page, label: string): Promise<string | null> {
  return page
    .locator('dl.facts dt', { hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]')
    .textContent();
}
