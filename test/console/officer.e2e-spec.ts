import type { Browser, Page } from 'playwright-core';
import {
  ensureConsoleBuilt,
  launchBrowser,
  lowContrastTexts,
  officeContext,
  screenshot,
  signIn,
} from '../support/browser';
import { designAlert } from '../support/fixtures';
import { apiClient, eventually } from '../support/http';
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
  { id: 'GE-PCU-POTI', type: 'PCU', country: 'GE', name: 'Poti seaport PCU', locodes: ['GEPTI'] },
  { id: 'UZ-COORD-ROCA', type: 'COORD', country: 'UZ', name: 'CCP coordination', locodes: ['UZTAS'] },
];

describe('Web console, officers', () => {
  let net: TestNetwork;
  let browser: Browser;
  let tokens: Record<string, string>;
  let api: ReturnType<typeof apiClient>;
  const requested: string[] = [];
  const refused: string[] = [];

  const officer = async (node: string): Promise<Page> => {
    const { context, requests, cspViolations } = await officeContext(browser);
    context.on('close', () => {
      requested.push(...requests);
      refused.push(...cspViolations);
    });
    return signIn(context, net.baseUrl, tokens[node]);
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    tokens = await registerNodes(api, net.adminToken, NODES);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  it('an alert published in one browser appears live in a subscriber’s inbox, which acknowledges it and reports a seizure', async () => {
    const aktau = await officer('KZ-PCU-AKTAU');
    await aktau.getByText('Live: new alerts appear here as they arrive').waitFor();
    await aktau.getByText('Nothing in the inbox yet.').waitFor();

    const baku = await officer('AZ-PCU-BAKU');
    await baku.getByRole('link', { name: 'Publish' }).click();
    await baku.getByLabel('Title').fill('Falsified antibiotics via Aktau');
    await baku.getByLabel('Summary').fill('Consignee new, route deviates through Baku.');
    await baku.getByLabel('Category', { exact: true }).selectOption('FALSIFIED_MEDICAL');
    await baku.getByLabel('Requested action').selectOption('EXAMINE');

    // A container number with a wrong check digit is refused as it is typed, by the shared validator.
    await baku.getByLabel('Container numbers').fill('CSQU3054384');
    await baku.getByText('CSQU3054384: check digit should be 3').waitFor();
    expect(await baku.getByRole('button', { name: 'Preview recipients' }).isDisabled()).toBe(true);
    await baku.getByLabel('Container numbers').fill('CSQU3054383');
    await baku.getByText(/CSQU3054383: check digit/).waitFor({ state: 'detached' });
    await baku.getByLabel('Vessel IMO number').fill('IMO9074728');
    await baku.locator('[data-problem-for="imo"]').waitFor();
    await baku.getByLabel('Vessel IMO number').fill('IMO9074729');
    await baku.locator('[data-problem-for="imo"]').waitFor({ state: 'detached' });

    // Itinerary: the UN/LOCODE is looked up in the reference list as it is typed.
    await baku.getByLabel('UN/LOCODE').fill('AZBAK');
    await baku.getByText('Baku, Azerbaijan').waitFor();
    await baku.getByRole('button', { name: 'Add a stop' }).click();
    await baku.getByLabel('UN/LOCODE').nth(1).fill('KZZZZ');
    await baku.getByText('KZZZZ is not in the UN/LOCODE list').waitFor();
    await baku.getByLabel('UN/LOCODE').nth(1).fill('KZAAU');
    await baku.getByText('Aktau, Kazakhstan').waitFor();
    await baku.getByLabel('Role').nth(1).selectOption('DISCHARGE');
    await baku.getByRole('button', { name: 'Add goods' }).click();
    await baku.getByLabel('HS code').fill('300420');
    await baku.getByLabel('Description', { exact: true }).fill('Antibiotics, retail packs');
    await baku.getByLabel('Quantity').fill('12000');

    expect(await baku.getByRole('button', { name: 'Send alert' }).isDisabled()).toBe(true);
    // What only the gateway knows to refuse comes back on the field it names.
    await baku.getByLabel('Addressed to countries').fill('ZZ');
    await baku.getByRole('button', { name: 'Preview recipients' }).click();
    await baku.locator('[data-problem-for="to-countries"]').filter({ hasText: /ZZ/ }).waitFor();
    expect(await baku.getByLabel('Addressed to countries').getAttribute('aria-invalid')).toBe('true');
    await baku.getByLabel('Addressed to countries').fill('');
    await baku.getByRole('button', { name: 'Preview recipients' }).click();
    await baku.getByText('Recipients now: 1').waitFor();
    expect(await baku.getByTestId('recipients').textContent()).toBe('KZ-PCU-AKTAU — its subscription (filter 1)');
    expect(await unlabelledControls(baku)).toEqual([]);
    expect(await lowContrastTexts(baku)).toEqual([]);
    await screenshot(baku, 'publish');
    await baku.getByRole('button', { name: 'Send alert' }).click();
    await baku.getByRole('heading', { name: 'Falsified antibiotics via Aktau' }).waitFor();

    // Aktau's inbox shows it without a reload, unread, with its TLP label.
    const row = aktau.getByRole('row').filter({ hasText: 'Falsified antibiotics via Aktau' });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByText('TLP:AMBER').count()).toBe(1);
    expect(await row.getByText('Unread').count()).toBe(1);
    expect(await aktau.getByTestId('unread-count').textContent()).toBe('1 unread');
    await screenshot(aktau, 'inbox');

    await row.getByRole('link').click();
    await aktau.getByRole('heading', { name: 'Falsified antibiotics via Aktau' }).waitFor();
    // Codes are named: the route's places, the goods' HS heading.
    expect(await aktau.getByRole('img', { name: /Route/ }).getAttribute('aria-label')).toContain(
      'Loading: Baku, Azerbaijan (AZBAK)',
    );
    await aktau.getByRole('cell', { name: /Medicaments/ }).waitFor();
    await aktau.getByRole('button', { name: 'Mark as Received' }).click();
    await aktau.getByTestId('delivery-state').filter({ hasText: 'State: Received' }).waitFor();

    await aktau.getByLabel('Outcome').selectOption('SEIZURE');
    await aktau.getByLabel('Category', { exact: true }).selectOption('FALSIFIED_MEDICAL');
    await aktau.getByLabel('Kilograms').fill('3.2505');
    await aktau.getByText('a decimal with at most 3 decimals, like 3.250').waitFor();
    await aktau.getByLabel('Kilograms').fill('3.250');
    await aktau.getByLabel('Pieces').fill('1200');
    await aktau.getByRole('button', { name: 'Send feedback' }).click();
    await aktau.getByTestId('feedback-given').waitFor();
    expect(await lowContrastTexts(aktau)).toEqual([]);
    await screenshot(aktau, 'message');

    // The origin sees where the recipient stands; the coordinator's seizure totals count it.
    await baku.reload();
    const delivery = baku.locator('tr[data-node="KZ-PCU-AKTAU"]');
    await delivery.filter({ hasText: 'Seizure' }).waitFor();
    const year = new Date().getUTCFullYear();
    const totals = await eventually(async () => {
      const report = await api('GET', `/reports/seizures?year=${year}`, tokens['UZ-COORD-ROCA']);
      return report.body?.totals?.find((t: any) => t.category === 'FALSIFIED_MEDICAL');
    });
    expect(totals).toMatchObject({ pieces: 1200, kilograms: '3.250' });
    await aktau.context().close();
    await baku.context().close();
  });

  it('the subscription editor counts recent matches per filter and saves a route filter that then takes effect', async () => {
    const viaPoti = (title: string) => {
      const alert = designAlert();
      alert.body.title = title;
      alert.body.itinerary = [
        { locode: 'AZBAK', role: 'LOADING' },
        { locode: 'GEPTI', role: 'DISCHARGE' },
      ];
      return alert;
    };
    expect((await api('POST', '/messages', tokens['AZ-PCU-BAKU'], viaPoti('Before the filter'))).status).toBe(202);

    const poti = await officer('GE-PCU-POTI');
    await poti.getByRole('link', { name: 'Subscription' }).click();
    await poti.getByText('No filters: you receive only what is addressed to you.').waitFor();
    await poti.getByRole('button', { name: 'Add a filter' }).click();
    const places = poti.getByRole('combobox', { name: 'Ports and airports' });
    await places.fill('Poti');
    await poti.getByRole('option', { name: /Poti, Georgia \(GEPTI\)/ }).waitFor();
    await places.press('ArrowDown');
    await places.press('ArrowUp');
    await places.press('Enter');
    await poti.getByRole('button', { name: /Remove: Poti/ }).waitFor();
    // The alert sent before through Poti would have matched.
    await poti.getByTestId('filter-0-matched').filter({ hasText: '1 alerts in the last 30 days' }).waitFor();
    await poti.getByLabel('Sea').check();
    expect(await lowContrastTexts(poti)).toEqual([]);
    await screenshot(poti, 'subscription');
    await poti.getByRole('button', { name: 'Save' }).click();
    await poti.getByText('Saved: it applies to the next alert.').waitFor();
    expect((await api('GET', '/nodes/GE-PCU-POTI/subscription', tokens['GE-PCU-POTI'])).body.filters).toEqual([
      { locodes: ['GEPTI'], modes: ['SEA'] },
    ]);

    await poti.getByRole('link', { name: 'Inbox' }).click();
    await poti.getByText('Live: new alerts appear here as they arrive').waitFor();
    expect((await api('POST', '/messages', tokens['AZ-PCU-BAKU'], viaPoti('After the filter'))).status).toBe(202);
    await poti.getByRole('row').filter({ hasText: 'After the filter' }).waitFor({ timeout: 30_000 });
    expect(await poti.getByRole('row').filter({ hasText: 'Before the filter' }).count()).toBe(0);
    await poti.context().close();
  });

  it('marks withdrawn and amended messages and draws TLP labels in FIRST’s colours', async () => {
    const toAktau = (
      title: string,
      tlp: string,
      change: (a: ReturnType<typeof designAlert>) => void = () => undefined,
    ) => {
      const alert = designAlert();
      alert.body.title = title;
      alert.tlp = tlp;
      alert.to.nodes = ['KZ-PCU-AKTAU'];
      change(alert);
      return alert;
    };
    const publish = async (alert: unknown) => {
      const answer = await api('POST', '/messages', tokens['AZ-PCU-BAKU'], alert);
      expect(answer.status).toBe(202);
      return answer.body.id as string;
    };
    const red = toAktau('Cigarettes in transit to Aktau', 'RED', (a) => {
      a.handling = 'H3';
      a.body.category = 'CIGARETTES';
      a.body.riskLevel = 'CRITICAL';
    });
    await publish(red);
    await publish(
      toAktau('Precursors declared as fertiliser', 'AMBER+STRICT', (a) => (a.body.category = 'PRECURSORS')),
    );
    const amended = toAktau('Counterfeit spare parts', 'GREEN', (a) => (a.body.category = 'IPR'));
    const amendedId = await publish(amended);
    const withdrawnId = await publish(toAktau('Undeclared cash', 'CLEAR', (a) => (a.body.category = 'CASH')));
    const amendment = {
      reason: 'second container',
      body: { ...amended.body, title: 'Counterfeit spare parts (2 containers)' },
    };
    expect((await api('POST', `/messages/${amendedId}/amend`, tokens['AZ-PCU-BAKU'], amendment)).status).toBe(202);
    expect(
      (await api('POST', `/messages/${withdrawnId}/withdraw`, tokens['AZ-PCU-BAKU'], { reason: 'cleared' })).status,
    ).toBe(202);

    const aktau = await officer('KZ-PCU-AKTAU');
    const row = (title: string) => aktau.getByRole('row').filter({ hasText: title });
    await row('Counterfeit spare parts (2 containers)').getByText('Amended (version 2)').waitFor({ timeout: 30_000 });
    await row('Undeclared cash').getByText('Withdrawn').waitFor({ timeout: 30_000 });
    const redLabel = row('Cigarettes in transit to Aktau').getByText('TLP:RED');
    expect(await redLabel.evaluate((node: any) => (globalThis as any).getComputedStyle(node).color)).toBe(
      'rgb(255, 43, 43)',
    );
    expect(await row('Cigarettes in transit to Aktau').getByText('Handling H3').count()).toBe(1);
    for (const label of ['TLP:AMBER+STRICT', 'TLP:GREEN', 'TLP:CLEAR']) {
      expect(await aktau.getByRole('table').getByText(label, { exact: true }).count()).toBe(1);
    }
    expect(await lowContrastTexts(aktau)).toEqual([]);
    await screenshot(aktau, 'inbox');

    // In Russian, the codes and marks are named in Russian too; TLP labels stay as the standard writes them.
    await aktau.getByLabel('Language').selectOption('ru');
    await aktau.getByRole('columnheader', { name: 'Отправитель' }).waitFor();
    await row('Undeclared cash').getByText('Отозвано').waitFor();
    expect(
      await row('Cigarettes in transit to Aktau')
        .getByText(/Сигареты · Риск: Критический/)
        .count(),
    ).toBe(1);
    expect(await row('Counterfeit spare parts').getByText('Изменено (версия 2)').count()).toBe(1);
    expect(await row('Cigarettes in transit to Aktau').getByText('TLP:RED').count()).toBe(1);
    await screenshot(aktau, 'inbox-ru');
    await aktau.context().close();
  });

  it('loaded nothing from outside the gateway, and nothing its CSP refused', () => {
    expect(refused).toEqual([]);
    expect(requested.length).toBeGreaterThan(10);
    const origin = new URL(net.baseUrl).origin;
    expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  });
});

/** Form controls a screen reader could not name: no label, no aria-label. */
function unlabelledControls(page: Page): Promise<string[]> {
  return page.$$eval('input, select, textarea', (controls) =>
    controls
      .filter((control) => {
        // Node's types have no DOM: the element is typed by what this check reads of it.
        const field = control as unknown as {
          labels: { length: number } | null;
          getAttribute(name: string): string | null;
        };
        return !field.labels?.length && !field.getAttribute('aria-label') && !field.getAttribute('aria-labelledby');
      })
      .map((control) => control.outerHTML),
  );
}
