/**
 * A real headless Chromium for the web calendar's browser tests: Debian's `chromium` package,
 * driven by playwright-core (which downloads nothing). `.ci/run` installs the package; here, when
 * it is missing, it is installed with apt-get if this process may (root, apt-get present), and
 * otherwise the browser tests are skipped with a message saying how to install it.
 *
 * One browser per test file; each test opens its own context (zone, language, viewport, CSP).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];
/** The Debian packages: the browser, and fonts with Persian, Arabic and Urdu (Nastaliq) glyphs. */
const PACKAGES = ['chromium', 'fonts-noto-core'];

export const ARTIFACTS = path.join(__dirname, '..', 'artifacts');

function found(): string | undefined {
  const own = process.env.CHROMIUM_PATH;
  if (own && fs.existsSync(own)) return own;
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/** The browser's path, installing it first where this process can; or why it cannot be had. */
export function ensureChromium(): { path: string } | { missing: string } {
  const have = found();
  if (have) return { path: have };
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (root && apt) {
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], { stdio: 'ignore', env });
    } catch {
      // Reported below.
    }
    const now = found();
    if (now) return { path: now };
  }
  return {
    missing: `Browser tests skipped: no Chromium found (looked at ${CANDIDATES.join(', ')} and CHROMIUM_PATH). Install Debian's package as root: apt-get install -y ${PACKAGES.join(' ')} (or set CHROMIUM_PATH to a Chromium binary).`,
  };
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const res = await page.goto(url, { waitUntil: 'load' });
  if (!res) throw new Error(`no response for ${url}`);
  return page;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (the context needs bypassCSP: the page's CSP admits only its own script). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
