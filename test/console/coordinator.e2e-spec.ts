import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt, launchBrowser, officeContext, screenshot, signIn } from '../support/browser';
import { type components, ok } from '@iren/client';
import { apiClient, eventually, typedApi } from '../support/http';
import { registerNodes } from '../support/members';
import { startTestNetwork, type TestNetwork } from '../support/test-network';

jest.setTimeout(180_000);

const BAKU = 'AZ-PCU-BAKU';
const AKTAU = 'KZ-PCU-AKTAU';
const ROCA = 'UZ-COORD-ROCA';
const NODES = [
  { id: BAKU, type: 'PCU', country: 'AZ', name: 'Baku seaport PCU', locodes: ['AZBAK'] },
  { id: AKTAU, type: 'PCU', country: 'KZ', name: 'Aktau seaport PCU', locodes: ['KZAAU'] },
  { id: ROCA, type: 'COORD', country: 'UZ', name: 'CCP regional coordination', locodes: ['UZTAS'] },
];
const ALERT: components['schemas']['PublishMessageDto'] = {
  kind: 'ALERT',
  tlp: 'AMBER',
  to: { nodes: [AKTAU], countries: [], groups: [] },
  body: {
    category: 'IPR',
    riskLevel: 'HIGH',
    mode: 'SEA',
    title: 'Counterfeit footwear via Aktau',
    summary: 'Consignee new, route deviates through Baku.',
    lang: 'en',
    itinerary: [
      { locode: 'AZBAK', role: 'LOADING' },
      { locode: 'KZAAU', role: 'DISCHARGE' },
    ],
    goods: [{ hsCode: '640399', description: 'Footwear', quantity: 1200, unit: 'PCS' }],
    indicators: ['ROUTE_DEVIATION'],
    requestedAction: 'EXAMINE',
    feedbackDueBy: '2030-01-01T00:00:00Z',
  },
};

describe('Web console, coordinator pages', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let browser: Browser;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    ensureConsoleBuilt();
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    tokens = await registerNodes(api, net.adminToken, NODES);
    await eventually(async () => ((await api('GET', '/inbox', tokens[AKTAU])).status === 200 ? true : undefined));

    // Baku alerts Aktau, Aktau reports what it seized: through the typed client, as the console calls.
    const baku = typedApi(net.baseUrl, tokens[BAKU]);
    const aktau = typedApi(net.baseUrl, tokens[AKTAU]);
    const { id } = await ok(baku.POST('/api/v1/messages', { body: ALERT }));
    await eventually(
      async () => (await ok(aktau.GET('/api/v1/inbox'))).items.find((item) => item.message.id === id),
      30_000,
      'the alert in Aktau’s inbox',
    );
    await ok(
      aktau.POST('/api/v1/messages/{id}/feedback', {
        params: { path: { id } },
        body: {
          outcome: 'SEIZURE',
          seizedAt: '2022-06-14',
          quantities: [{ category: 'IPR', pieces: 1200, kilograms: '3.25' }],
        },
      }),
    );
    const coordinator = typedApi(net.baseUrl, tokens[ROCA]);
    await eventually(
      async () => ((await ok(coordinator.GET('/api/v1/reports/seizures'))).totals.length ? true : undefined),
      30_000,
      'the seizure in the audit service’s report',
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  it('shows the network and a seizure reported through the API on the dashboard, in English and Russian, loading nothing from elsewhere', async () => {
    const { context, requests } = await officeContext(browser);
    const page = await signIn(context, net.baseUrl, tokens[ROCA]);
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual(['Dashboard', 'Ledger']);
    await page.getByRole('heading', { name: 'Network dashboard' }).waitFor();

    const seized = page.getByTestId('seizures').locator('tr[data-year="2022"][data-category="IPR"]');
    await seized.waitFor();
    expect(await seized.locator('td').allTextContents()).toEqual(['Intellectual property', '1,200', '3.250', '1']);
    const aktau = page.getByTestId('network').locator(`tr[data-node="${AKTAU}"]`);
    expect(await aktau.textContent()).toContain('Aktau seaport PCU');
    expect(await aktau.textContent()).toContain('Aktau (KZAAU)');
    expect(await aktau.textContent()).toContain('Active');
    await page.getByTestId('exchange-totals').waitFor();
    await page.locator('#chart-messages-title').waitFor();
    await screenshot(page, 'dashboard');

    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { name: 'Панель сети' }).waitFor();
    await page.getByRole('heading', { name: 'Изъятия по годам и категориям' }).waitFor();
    const seizedRu = page.getByTestId('seizures').locator('tr[data-year="2022"][data-category="IPR"] td');
    expect((await seizedRu.allTextContents())[2]).toBe('3,250');
    await screenshot(page, 'dashboard-ru');

    for (const url of requests) expect(new URL(url).origin).toBe(new URL(net.baseUrl).origin);
    await context.close();
  });

  it('verifies a ledger entry in the browser, and fails one whose proof was tampered with on the way', async () => {
    // An entry the latest checkpoint covers, in a ledger of at least two entries (a proof with a hash to flip).
    await eventually(
      async () => {
        // 404 until the audit service signs its first checkpoint.
        const { data } = await typedApi(net.baseUrl, tokens[ROCA]).GET('/api/v1/audit/checkpoint');
        return data !== undefined && data.size >= 2 ? true : undefined;
      },
      30_000,
      'a checkpoint of two entries or more',
    );
    const { context } = await officeContext(browser);
    const page = await signIn(context, net.baseUrl, tokens[ROCA]);
    await page.getByRole('link', { name: 'Ledger' }).click();
    await page.getByTestId('ledger').waitFor();

    // By keyboard: the button takes focus and Enter verifies.
    await page.getByRole('button', { name: 'Verify entry 0', exact: true }).focus();
    await page.keyboard.press('Enter');
    const verdict = page.getByTestId('verification');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('verified');
    expect(await checks(page)).toEqual([
      'entry:true',
      'key:true',
      'signature:true',
      'covered:true',
      'proof:true',
      'root:true',
    ]);
    await screenshot(page, 'ledger-verified');

    // The gateway's answer altered in transit: one sibling hash changed.
    await page.route('**/api/v1/audit/proofs/inclusion?**', async (route) => {
      const answer = await route.fetch();
      const proof = await answer.json();
      proof.hashes[0] = (proof.hashes[0][0] === '0' ? '1' : '0') + proof.hashes[0].slice(1);
      await route.fulfill({ response: answer, json: proof });
    });
    await page.getByRole('button', { name: 'Verify entry 1', exact: true }).click();
    await page.locator('[data-testid="verification"][data-verdict="failed"]').waitFor();
    expect(await checks(page)).toContain('root:false');
    expect(await page.locator('li[data-check="root"]').textContent()).toContain('not to the signed root');
    await screenshot(page, 'ledger-tampered');
    await context.close();
  });

  it('fails an entry whose shown data was altered on the way, at the first check, though its leaf is in the ledger', async () => {
    const { context } = await officeContext(browser);
    const page = await signIn(context, net.baseUrl, tokens[ROCA]);
    // The gateway's list of entries altered in transit: entry 0 shown as done by another node, its
    // leaf hash, proof and checkpoint left as they are (all of them genuine).
    await page.route('**/api/v1/audit/events?**', async (route) => {
      const answer = await route.fetch();
      const events = await answer.json();
      for (const item of events.items) if (item.index === 0) item.node = 'TM-PCU-FORGED';
      await route.fulfill({ response: answer, json: events });
    });
    await page.getByRole('link', { name: 'Ledger' }).click();
    await page.getByTestId('ledger').waitFor();
    expect(await page.locator('tr[data-index="0"]').textContent()).toContain('TM-PCU-FORGED');

    await page.getByRole('button', { name: 'Verify entry 0', exact: true }).click();
    await page.locator('[data-testid="verification"][data-verdict="failed"]').waitFor();
    // Refused before any proof is looked at: a genuine leaf does not vouch for an altered entry.
    expect(await checks(page)).toEqual(['entry:false']);
    expect(await page.locator('li[data-check="entry"]').textContent()).toContain('not what the ledger recorded');
    await screenshot(page, 'ledger-entry-altered');

    // Entry 1, not altered, still verifies on the same page.
    await page.getByRole('button', { name: 'Verify entry 1', exact: true }).click();
    await page.locator('[data-testid="verification"][data-verdict="verified"]').waitFor();
    expect((await checks(page))[0]).toBe('entry:true');
    await context.close();
  });
});

/** The inclusion checks shown, as `name:passed`. */
async function checks(page: Page): Promise<string[]> {
  const items = page.getByTestId('verification').locator('section').first().locator('li[data-check]');
  return items.evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-check')}:${li.getAttribute('data-ok')}`));
}
