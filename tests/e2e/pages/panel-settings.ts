/** @module Page object for the side panel's Settings: the notification form (kept by the proxy). */
import type { Page } from 'puppeteer';
import { retype } from './retype';

export class PanelSettings {
  constructor(readonly page: Page) {}

  /** Clicks the Settings tab and waits for the notification form. */
  async open(): Promise<this> {
    await this.page.click('[data-testid=tab-settings]');
    await this.page.waitForSelector('[data-testid=notification-form] input[name=usageWarningPercent]');
    return this;
  }

  async frequency(value: 'instant' | 'daily' | 'weekly'): Promise<void> {
    await this.page.click(`[data-testid=notification-form] input[value=${value}]`);
  }

  async usageWarning(percent: string): Promise<void> {
    await retype(this.page, 'input[name=usageWarningPercent]', percent);
  }

  /** Presses Save and returns the result line the form shows. */
  async save(): Promise<string> {
    await this.page.click('[data-testid=notification-form] button[type=submit]');
    await this.page.waitForSelector('[data-testid=notif-status]');
    return this.page.$eval('[data-testid=notif-status]', (el) => el.textContent ?? '');
  }

  /** Types a share into the headroom field, presses its Save and returns the line under it. */
  async saveHeadroom(percent: string): Promise<string> {
    await this.page.waitForSelector('[data-testid=headroom-form] input[name=headroomPercent]');
    await retype(this.page, 'input[name=headroomPercent]', percent);
    const before = await this.page.$eval('#headroom-note', (el) => el.textContent ?? '');
    await this.page.click('[data-testid=headroom-form] button[type=submit]');
    await this.page.waitForFunction(
      (b) => (document.querySelector('#headroom-note')?.textContent ?? '') !== b,
      {},
      before,
    );
    return this.page.$eval('#headroom-note', (el) => el.textContent ?? '');
  }
}
