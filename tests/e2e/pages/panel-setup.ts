/** @module Page object for the side panel's Settings → Setup: the checklist, the plan, "Create missing fields". */
import type { Page } from 'puppeteer';

export class PanelSetup {
  constructor(readonly page: Page) {}

  /** Clicks the Settings tab and waits for the setup check's answer (problems or ready). */
  async open(): Promise<this> {
    await this.page.click('[data-testid=tab-settings]');
    await this.page.waitForSelector('[data-testid=setup-problems], [data-testid=setup-ready]', {
      timeout: 15_000,
    });
    return this;
  }

  /** The ids of the failing checks, in the order shown. */
  problems(): Promise<string[]> {
    return this.page.$$eval('[data-testid=setup-problems] li', (items) =>
      items.map((li) => li.getAttribute('data-id') ?? ''),
    );
  }

  planned(): Promise<string[]> {
    return this.page.$$eval('[data-testid=setup-planned] li', (items) =>
      items.map((li) => li.textContent ?? ''),
    );
  }

  /** Presses "Create missing fields" and answers each result line with its outcome. */
  async createMissingFields(): Promise<Array<{ text: string; outcome: string }>> {
    await this.page.click('[data-testid=setup-apply]');
    await this.page.waitForSelector('[data-testid=setup-results] li', { timeout: 20_000 });
    return this.page.$$eval('[data-testid=setup-results] li', (items) =>
      items.map((li) => ({ text: li.textContent ?? '', outcome: li.getAttribute('data-outcome') ?? '' })),
    );
  }

  ready(): Promise<string | null> {
    return this.page.$eval('[data-testid=setup-ready]', (el) => el.textContent).catch(() => null);
  }
}
