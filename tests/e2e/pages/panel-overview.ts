/** @module Page object for the side panel's shell and Overview: connection state, cards, usage, figures, screenshots. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import type { Category } from '../../../shared/taxonomy';
import type { ExtensionSession } from '../fixture';
import { retype } from './retype';

export type ConnectionKind = 'connected' | 'not-paired' | 'unreachable';

export class PanelOverview {
  private constructor(readonly page: Page) {}

  /** Opens sidepanel.html in a tab (the panel itself is the same page). */
  static async open(session: ExtensionSession): Promise<PanelOverview> {
    return new PanelOverview(await session.open('sidepanel.html'));
  }

  /** Waits for the status line to say `kind`; returns its text. */
  async connection(kind: ConnectionKind): Promise<string> {
    const el = await this.page.waitForSelector(`[data-testid=connection][data-state=${kind}]`, {
      timeout: 15_000,
    });
    return (await el!.evaluate((e) => e.textContent)) ?? '';
  }

  /** Waits until the eight cards are painted (from the cache or the proxy). */
  async cards(): Promise<void> {
    await this.page.waitForSelector('[data-testid=card-other]', { timeout: 15_000 });
  }

  /** The open-error count a category's card shows. */
  async cardErrors(category: Category): Promise<number> {
    return Number(
      (
        await this.page.$eval(`[data-testid=card-${category}] [data-field=errors]`, (el) => el.textContent)
      )?.replace(/\D/g, ''),
    );
  }

  /** The affected-record count a category's card shows. */
  async cardRecords(category: Category): Promise<number> {
    return Number(
      (
        await this.page.$eval(`[data-testid=card-${category}] [data-field=records]`, (el) => el.textContent)
      )?.replace(/\D/g, ''),
    );
  }

  /** The stale marker's text, or null when the panel does not show one. */
  staleText(): Promise<string | null> {
    return this.page.$eval('[data-testid=stale]', (el) => el.textContent).catch(() => null);
  }

  /** When the first summary was on screen (performance mark set by the shell), ms after navigation start. */
  firstSummaryPaint(): Promise<number> {
    return this.page.evaluate(() => performance.getEntriesByName('first-summary-paint')[0]?.startTime ?? -1);
  }

  /** Edits the allocation in place and waits for the proxy's answer under the field; returns it. */
  async changeAllocation(value: string): Promise<string> {
    // The card is drawn from the cache before the proxy answers, with its edit button disabled until then:
    // wait for the button a person could press.
    await this.page.waitForSelector('[data-testid=edit-allocation]:not([disabled])', { timeout: 15_000 });
    await this.page.click('[data-testid=edit-allocation]');
    await retype(this.page, 'input[name=allocation]', value);
    await this.page.click('.inline-form button[type=submit]');
    await this.page.waitForSelector('#allocation-note');
    return this.page.$eval('#allocation-note', (el) => el.textContent ?? '');
  }

  /**
   * The button whose text contains `label`: whether it is disabled and what its description says (the
   * element its aria-describedby names, as a screen reader reads it with the button).
   */
  async action(label: string): Promise<{ disabled: boolean; description: string | null }> {
    const button = await this.page.waitForSelector(`xpath/.//button[contains(., "${label}")]`, {
      timeout: 10_000,
    });
    return button!.evaluate((b) => {
      const ids = b.getAttribute('aria-describedby')?.split(' ') ?? [];
      const text = ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      return { disabled: (b as HTMLButtonElement).disabled, description: text.trim() || null };
    });
  }

  /** How many times `text` is in the panel's visible text (what a sighted user reads). */
  timesOnScreen(text: string): Promise<number> {
    return this.page.evaluate((t) => document.body.innerText.split(t).length - 1, text);
  }

  /** Whether the views are drawn dimmed (cached content while the proxy is away). */
  isDimmed(): Promise<boolean> {
    return this.page.$eval('main', (m) => m.hasAttribute('data-stale'));
  }

  /** Clicks a category's card and waits for its table view. */
  async openCategory(category: Category): Promise<void> {
    await this.page.click(`[data-testid=card-${category}]`);
    await this.page.waitForSelector(`[data-testid=category-view][data-category=${category}]`, {
      timeout: 10_000,
    });
  }

  async tab(name: 'overview' | 'record' | 'settings'): Promise<void> {
    await this.page.click(`[data-testid=tab-${name}]`);
  }

  /** With E2E_SCREENSHOTS=DIR, saves the whole panel as DIR/<name>.png. */
  async shot(name: string): Promise<void> {
    const dir = process.env.E2E_SCREENSHOTS;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    await this.page.setViewport({ width: 400, height: 800 });
    await this.page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  }
}
