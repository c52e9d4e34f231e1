import { describe, expect, it } from 'vitest';
import type { HealthSummaryResponse } from '../../shared/health-summary';
import { CATEGORIES } from '../../shared/taxonomy';
import { setupFile } from './fixture';
import { PanelOverview } from './pages/panel-overview';

describe('overview after the first demo sync', () => {
  const env = setupFile();

  it('shows the eight error-type cards with the error and record counts the proxy holds', async () => {
    const panel = await PanelOverview.open(env.session);
    await panel.connection('connected');
    await panel.cards();
    const expected = (await env.proxy.store.summary()).categories;
    for (const category of CATEGORIES) {
      const want = expected.find((c) => c.category === category);
      expect(await panel.cardErrors(category), category).toBe(want?.openErrors ?? -1);
      expect(await panel.cardRecords(category), category).toBe(want?.affectedRecords ?? -1);
    }
    expect(expected.reduce((n, c) => n + c.openErrors, 0)).toBeGreaterThan(0);
    await panel.shot('overview');
  });

  it("follows the browser's dark setting, keeping the cards readable", async () => {
    const panel = await PanelOverview.open(env.session);
    await panel.cards();
    const colours = () =>
      panel.page.evaluate(() => {
        // Relative luminance of a computed rgb() colour (WCAG), to compare text with its background.
        const luminance = (css: string) => {
          const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
            const c = Number(v) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        const page = luminance(getComputedStyle(document.documentElement).backgroundColor);
        const card = document.querySelector('[data-testid=card-picklists]') as HTMLElement;
        const text = luminance(getComputedStyle(card).color);
        const [hi, lo] = page > text ? [page, text] : [text, page];
        return { page, contrast: (hi + 0.05) / (lo + 0.05) };
      });
    await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    const light = await colours();
    await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    const dark = await colours();
    await panel.shot('overview-dark');
    expect(light.page).toBeGreaterThan(0.8);
    expect(dark.page).toBeLessThan(0.1);
    // WCAG AA for body text, both ways.
    expect(light.contrast).toBeGreaterThanOrEqual(4.5);
    expect(dark.contrast).toBeGreaterThanOrEqual(4.5);
  });

  it('shows the sync calls of the last 24 hours and the allocation the proxy meters', async () => {
    const panel = await PanelOverview.open(env.session);
    await panel.page.waitForSelector('[data-testid=usage]', { timeout: 15_000 });
    // The proxy's own answer (its meter is a clock-dependent window: read it as the panel did).
    const res = await fetch(`${env.proxy.url}/api/v1/health/summary`, {
      headers: { authorization: `Bearer ${env.proxy.token}` },
    });
    const { usage } = (await res.json()) as HealthSummaryResponse;
    const text = await panel.page.$eval('[data-testid=usage]', (el) => el.textContent ?? '');
    expect(text).toContain(
      `The sync used ${usage.syncCalls24h.toLocaleString('en-US')} of its ${usage.allocation.toLocaleString('en-US')} allocated calls`,
    );
    // The bar carries the same figures, with the allocation's marker and label on it.
    const bar = await panel.page.$eval('[data-testid=usage-bar]', (el) => el.getAttribute('aria-valuetext'));
    expect(bar).toContain(`of ${usage.allocation.toLocaleString('en-US')} allocated calls used`);
    expect(await panel.page.$eval('[data-testid=edit-allocation]', (el) => el.textContent)).toContain(
      `Allocation ${usage.allocation.toLocaleString('en-US')}`,
    );
    if (usage.org)
      expect(await panel.page.$eval('[data-testid=org-limit]', (el) => el.textContent)).toBe(
        `Org limit ${usage.org.limit.toLocaleString('en-US')}`,
      );
    // The chart: hour labels, a y scale, the allocation's pace, and each bar's figure on hover.
    await panel.page.waitForSelector('[data-testid=usage-chart]', { timeout: 15_000 });
    const chart = await panel.page.$eval('[data-testid=usage-chart]', (f) => ({
      hours: f.querySelectorAll('.chart-x span').length,
      scale: [...f.querySelectorAll('.chart-y span')].map((s) => s.textContent),
      pace: Boolean(f.querySelector('line.pace')),
      titles: [...f.querySelectorAll('rect.hit title')].map((t) => t.textContent ?? ''),
    }));
    expect(chart.hours).toBe(4);
    expect(chart.scale.at(-1)).toBe('0');
    expect(chart.pace).toBe(true);
    expect(chart.titles.length).toBe(24);
    // An hour with calls says what they were for ("(12 writes, 3 field checks)").
    expect(
      chart.titles.every((t) => /: [\d,]+ calls?( \([\d,]+ [A-Za-z ]+(, [\d,]+ [A-Za-z ]+)*\))?$/.test(t)),
    ).toBe(true);
    expect(chart.titles.some((t) => /: [1-9][\d,]* calls? \(.*writes?/.test(t))).toBe(true);
  });

  it("says where the sync's calls went by kind and what the other integrations used", async () => {
    const panel = await PanelOverview.open(env.session);
    await panel.page.waitForSelector('[data-testid=usage-kinds]', { timeout: 15_000 });
    const res = await fetch(`${env.proxy.url}/api/v1/health/summary`, {
      headers: { authorization: `Bearer ${env.proxy.token}` },
    });
    const { usage } = (await res.json()) as HealthSummaryResponse;
    const kinds = await panel.page.$$eval('[data-testid=usage-kinds] li', (lis) =>
      lis.map((li) => li.textContent ?? ''),
    );
    const writes = usage.byKind?.find((k) => k.kind === 'write')?.calls ?? 0;
    expect(writes).toBeGreaterThan(0);
    expect(kinds).toContain(`Writes ${writes.toLocaleString('en-US')}`);
    expect(kinds.every((k) => /^[A-Z][A-Za-z ]+ [\d,]+$/.test(k))).toBe(true);
    if (usage.org) {
      const others = Math.max(0, usage.org.used - usage.syncCalls24h);
      // Said once, in the bar's legend beside its colour (a second line repeating it read as noise).
      expect(await panel.page.$eval('[data-testid=usage-others]', (el) => el.textContent?.trim())).toBe(
        `Other integrations ${others.toLocaleString('en-US')}`,
      );
      const card = await panel.page.$eval('section.card.usage', (el) => el.textContent ?? '');
      expect(card.split('Other integrations').length - 1).toBe(1);
    }
    const dir = process.env.E2E_SCREENSHOTS;
    if (!dir) return;
    for (const theme of ['light', 'dark'] as const)
      for (const width of [400, 800]) {
        await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
        await panel.page.setViewport({ width, height: 900 });
        const card = await panel.page.$('section.card.usage');
        await card?.screenshot({ path: `${dir}/usage-${theme}-${width}.png` });
      }
  });
});
