// Headless Debian Chromium through playwright-core (never a downloaded
// browser), with a fresh profile per run, and axe-core injected into pages.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.PHI_GUARD_CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/**
 * Launches Chromium with a throw-away `--user-data-dir`. `close()` closes the
 * browser and removes the profile; call it in a `finally`.
 *
 * @example
 * const browser = await launchBrowser();
 * try { const page = await browser.context.newPage(); } finally { await browser.close(); }
 */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'phi-guard-e2e-chromium-'));
  // launchPersistentContext is how playwright takes a user-data-dir: it
  // starts Chromium with exactly that profile (and --headless).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  context.setDefaultTimeout(20_000);
  return {
    context,
    async close() {
      try { await context.close(); } finally { rmSync(profile, { recursive: true, force: true }); }
    },
  };
}

/**
 * Runs axe-core on the current page (WCAG 2.0/2.1/2.2 A and AA rules) and
 * returns the serious and critical violations as `{ id, impact, nodes }`
 * (selectors only, no page text).
 */
export async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
