import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
/** Debian's Chromium, which scripts/setup.sh installs with apt where missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the browser tests keep their screenshots (gitignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');

/**
 * Builds the web console into dist/console, so the gateway under test serves the console as the
 * sources stand (a bundle left from an earlier build could be stale); esbuild takes about a second.
 */
export function ensureConsoleBuilt(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-console.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: run scripts/setup.sh (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
}

/**
 * A browser context at the port office laptop's size, recording every URL its pages request and
 * every Content-Security-Policy violation the browser reports (something the page tried to load
 * or apply that its policy refused).
 */
export async function officeContext(
  browser: Browser,
): Promise<{ context: BrowserContext; requests: string[]; cspViolations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
  const requests: string[] = [];
  const cspViolations: string[] = [];
  context.on('request', (request: Request) => requests.push(request.url()));
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, requests, cspViolations };
}

/** Opens the console and signs in with `token`; resolves once the shell shows who is signed in. */
export async function signIn(context: BrowserContext, baseUrl: string, token: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(/Access token|Токен доступа/).fill(token);
  await page.getByRole('button', { name: /Sign in|Войти/ }).click();
  await page.getByTestId('who').waitFor();
  return page;
}

/**
 * Keeps a screenshot of the page in test-artifacts/console, after checking that its layout holds
 * in the viewport's width (no horizontal scrolling at 1280×720).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const widths = await page.evaluate(() => {
    const root = (globalThis as any).document.documentElement;
    return { content: root.scrollWidth as number, viewport: root.clientWidth as number };
  });
  if (widths.content > widths.viewport) {
    throw new Error(`${name}: the page is ${widths.content}px wide in a ${widths.viewport}px viewport`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Visible text whose contrast with what is behind it is below WCAG 2.1 AA: 4.5:1, or 3:1 for large
 * text (24 px, or 18.66 px bold). The background is the first opaque one among the element and its
 * ancestors; disabled controls are exempt, as WCAG exempts inactive components. Runs in the page.
 */
export function lowContrastTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const view = globalThis as any;
    const parse = (colour: string): number[] => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element: any): number[] => {
      for (let node = element; node; node = node.parentElement) {
        const rgba = parse(view.getComputedStyle(node).backgroundColor);
        if (rgba.length === 3 || (rgba.length === 4 && rgba[3] === 1)) return rgba.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const problems: string[] = [];
    for (const element of view.document.querySelectorAll('body *')) {
      const ownText = [...element.childNodes]
        .filter((node: any) => node.nodeType === 3)
        .map((node: any) => node.textContent.trim())
        .join('');
      if (!ownText || element.closest('[disabled], svg, [hidden]') || !element.getClientRects().length) continue;
      const style = view.getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const [fg, bg] = [luminance(parse(style.color)), luminance(background(element))];
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) problems.push(`${ownText.slice(0, 40)}: ${ratio.toFixed(2)}:1`);
    }
    return problems;
  });
}
