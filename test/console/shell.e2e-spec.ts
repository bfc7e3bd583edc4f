import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt, launchBrowser, officeContext, screenshot, signIn } from '../support/browser';
import { apiClient, eventually } from '../support/http';
import { registerNodes } from '../support/members';
import { startTestNetwork, type TestNetwork } from '../support/test-network';

jest.setTimeout(120_000);

describe('Web console shell', () => {
  let net: TestNetwork;
  let browser: Browser;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    ensureConsoleBuilt();
    net = await startTestNetwork();
    tokens = await registerNodes(apiClient(net.baseUrl), net.adminToken, [
      { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ', name: 'Aktau seaport PCU', locodes: ['KZAAU'] },
    ]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  it('serves the console at / under a CSP that allows this origin only', async () => {
    const answer = await fetch(`${net.baseUrl}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/text\/html/);
    const csp = answer.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "img-src 'self' data:",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    // The API keeps its own policy.
    const api = await fetch(`${net.baseUrl}/api/v1/session`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers who a token belongs to at GET /session', async () => {
    const api = apiClient(net.baseUrl);
    expect((await api('GET', '/session', tokens['KZ-PCU-AKTAU'])).body).toEqual({
      role: 'officer',
      nodeId: 'KZ-PCU-AKTAU',
      nodeType: 'PCU',
      nodeName: 'Aktau seaport PCU',
    });
    expect((await api('GET', '/session', net.adminToken)).body).toEqual({
      role: 'admin',
      nodeId: null,
      nodeType: null,
      nodeName: null,
    });
    expect((await api('GET', '/session', 'not-a-token')).status).toBe(401);
  });

  it('refuses a wrong token, signs in with a right one, keeps the token out of URLs and loads nothing from elsewhere', async () => {
    const { context, requests } = await officeContext(browser);
    const page = await context.newPage();
    await page.goto(`${net.baseUrl}/`);
    await page.getByLabel('Access token').fill('wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'This token was refused' }).waitFor();
    await screenshot(page, 'sign-in');

    const signedIn = await signIn(context, net.baseUrl, tokens['KZ-PCU-AKTAU']);
    expect(await signedIn.getByTestId('who').textContent()).toBe('Officer of Aktau seaport PCU');
    expect(await signedIn.getByRole('navigation').getByRole('link').allTextContents()).toEqual([
      'Inbox',
      'Publish',
      'Subscription',
    ]);
    expect(requests.length).toBeGreaterThan(3);
    for (const url of requests) {
      expect(new URL(url).origin).toBe(new URL(net.baseUrl).origin);
      expect(url).not.toContain(tokens['KZ-PCU-AKTAU']);
    }
    await context.close();
  });

  it('works from the keyboard alone, with a visible focus', async () => {
    const { context } = await officeContext(browser);
    const page = await context.newPage();
    await page.goto(`${net.baseUrl}/`);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('id')).toBe('token');
    await page.keyboard.type(tokens['KZ-PCU-AKTAU']);
    await page.keyboard.press('Enter');
    await page.getByTestId('who').waitFor();
    // First stop: the skip link, then the navigation, each drawn with a focus outline.
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip).toMatchObject({ text: 'Skip to content', outline: 'solid' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ text: 'Publish', outline: 'solid' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Publish an alert' }).waitFor();
    await context.close();
  });

  it('ends the session when the gateway stops accepting its token', async () => {
    const api = apiClient(net.baseUrl);
    const issued = await api('POST', '/nodes/KZ-PCU-AKTAU/tokens', net.adminToken);
    expect(issued.status).toBe(201);
    const { context } = await officeContext(browser);
    const page = await signIn(context, net.baseUrl, issued.body.token);
    expect((await api('DELETE', `/nodes/KZ-PCU-AKTAU/tokens/${issued.body.id}`, net.adminToken)).status).toBe(204);
    await eventually(async () => ((await api('GET', '/session', issued.body.token)).status === 401 ? true : undefined));
    await page.getByRole('link', { name: 'Subscription' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your session has ended: sign in again.' }).waitFor();
    expect(await page.getByLabel('Access token').isVisible()).toBe(true);
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);
    await context.close();
  });

  it('switches the labels to Russian and remembers the choice for this token', async () => {
    const { context } = await officeContext(browser);
    const page = await signIn(context, net.baseUrl, tokens['KZ-PCU-AKTAU']);
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('link', { name: 'Входящие' }).waitFor();
    expect(await page.getByRole('button', { name: 'Выйти' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await page.reload();
    await page.getByRole('link', { name: 'Входящие' }).waitFor();
    await context.close();
  });
});

/** The focused element's text and outline style (the test's types have no DOM: `any` stands for it). */
async function focused(page: Page): Promise<{ text: string; outline: string }> {
  const element = page.locator(':focus');
  const outline = await element.evaluate((node: any) => (globalThis as any).getComputedStyle(node).outlineStyle);
  return { text: (await element.textContent()) ?? '', outline };
}
