/** Page object of the side panel's category view: rows, selection, actions, search and paging. */
import type { Page } from 'puppeteer';
import type { Category } from '../../../shared/taxonomy';
import type { ExtensionSession } from '../fixture';

export interface ShownRow {
  id: string;
  name: string;
  detail: string;
  outcome: string | null;
  crmUrl: string | null;
  sfUrl: string | null;
  /** Duplicates: the link to the existing Salesforce record the row matches. */
  duplicateUrl: string | null;
}

const VIEW = '[data-testid=category-view]';
const ROW = '[data-testid=error-row]';

export class CategoryPage {
  private constructor(
    readonly page: Page,
    readonly category: Category,
  ) {}

  /** Opens the side panel and clicks the category's card on the overview, as a user does. */
  static async open(session: ExtensionSession, category: Category): Promise<CategoryPage> {
    const page = await session.browser.newPage();
    await page.setViewport({ width: 420, height: 900 });
    await page.goto(`chrome-extension://${session.extensionId}/sidepanel.html`);
    const card = await page.waitForSelector(`[data-testid=card-${category}]`, { timeout: 15_000 });
    const control = (await card?.$('button, a')) ?? card;
    await control?.click();
    await page.waitForSelector(`${VIEW}[data-category=${category}]`, { timeout: 10_000 });
    const view = new CategoryPage(page, category);
    await view.waitForRows();
    return view;
  }

  /** The category view already open in `page` (reached from the overview); waits for its rows. */
  static async on(page: Page, category: Category): Promise<CategoryPage> {
    await page.waitForSelector(`${VIEW}[data-category=${category}]`, { timeout: 10_000 });
    const view = new CategoryPage(page, category);
    await view.waitForRows();
    return view;
  }

  /** The note saying the rows are the cached ones (the proxy did not answer), or null. */
  staleText(): Promise<string | null> {
    return this.page.$eval('[data-testid=page-stale]', (el) => el.textContent).catch(() => null);
  }

  /** Waits until the table shows rows (or says it is empty), not placeholders. */
  async waitForRows(): Promise<void> {
    await this.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=category-empty]') ||
        document.querySelector('[data-testid=error-table][aria-busy=false]'),
      { polling: 100, timeout: 15_000 },
    );
  }

  rows(): Promise<ShownRow[]> {
    return this.page.$$eval(ROW, (trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-id') ?? '',
        name: tr.querySelector('.name')?.textContent?.trim() ?? '',
        detail: tr.querySelector('[data-field=detail]')?.textContent?.trim() ?? '',
        outcome: tr.getAttribute('data-outcome'),
        crmUrl: tr.querySelector<HTMLAnchorElement>('[data-testid=crm-link]')?.href ?? null,
        sfUrl: tr.querySelector<HTMLAnchorElement>('[data-testid=sf-link]')?.href ?? null,
        // The matching record is in the row's details (the row below it, opened by its Details button).
        duplicateUrl:
          document
            .getElementById(`steps-${tr.getAttribute('data-id')}`)
            ?.querySelector<HTMLAnchorElement>('[data-testid=duplicate-of] a')?.href ?? null,
      })),
    );
  }

  /** The "N open errors · M affected records" line, as numbers. */
  async counts(): Promise<{ errors: number; records: number }> {
    const text = await this.countsText();
    const match = /([\d.,\s\u202f]+) open errors? · ([\d.,\s\u202f]+) affected/.exec(text);
    if (!match) throw new Error(`No counts shown yet: "${text}"`);
    return { errors: digits(match[1]!), records: digits(match[2]!) };
  }

  /**
   * The category's open errors, filtered or not: the caption says "N open errors · …" without a filter and
   * "K errors match · N in all" under one (search, object, error type).
   */
  async categoryErrors(): Promise<number> {
    const text = await this.countsText();
    const match = /· ([\d.,\s\u202f]+) in all/.exec(text) ?? /([\d.,\s\u202f]+) open errors? ·/.exec(text);
    if (!match) throw new Error(`No counts shown yet: "${text}"`);
    return digits(match[1]!);
  }

  private countsText(): Promise<string> {
    return this.page.$eval('[data-testid=category-counts]', (el) => el.textContent ?? '');
  }

  /** Waits until the category's open errors (filtered or not, see categoryErrors) satisfy `predicate`. */
  async waitForCounts(predicate: (c: { errors: number }) => boolean): Promise<void> {
    const current = () =>
      this.categoryErrors()
        .then((errors) => ({ errors }))
        .catch(() => null);
    for (let i = 0; i < 100; i++) {
      const c = await current();
      if (c && predicate(c)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Counts never matched; last: ${JSON.stringify(await current())}`);
  }

  /** Types into the search box and waits for the filtered page. */
  async search(text: string): Promise<void> {
    const before = await this.page.$eval('[data-testid=error-table] caption', (el) => el.textContent ?? '');
    await this.page.type('[data-testid=category-search]', text);
    await this.page.waitForFunction(
      (old) => {
        const caption = document.querySelector('[data-testid=error-table] caption')?.textContent;
        const empty = document.querySelector('[data-testid=category-empty]');
        return (
          (empty || caption !== old) && !document.querySelector('[data-testid=error-table][aria-busy=true]')
        );
      },
      { polling: 100, timeout: 10_000 },
      before,
    );
  }

  /** Ticks the rows' checkboxes by error id, with the keyboard (Space) as a keyboard user would. */
  async select(ids: string[]): Promise<void> {
    for (const id of ids) {
      await this.page.focus(`${ROW}[data-id="${id}"] input[type=checkbox]`);
      await this.page.keyboard.press('Space');
    }
  }

  async selectPage(): Promise<void> {
    await this.page.click('[data-testid=select-page]');
  }

  async buttonState(action: string): Promise<{ disabled: boolean; label: string; note: string }> {
    return this.page.$eval(
      `[data-testid=action-${action}]`,
      (b, name) => ({
        disabled: (b as HTMLButtonElement).disabled,
        label: b.textContent?.trim() ?? '',
        note: document.querySelector(`[data-testid=action-${name}-note]`)?.textContent?.trim() ?? '',
      }),
      action,
    );
  }

  /** The confirmation "Resync all" asks for: its question, once the button was clicked. */
  async confirmation(): Promise<string> {
    await this.page.click('[data-testid=action-resync-all]');
    const box = await this.page.waitForSelector('[data-testid=confirm-resync-all]', { timeout: 5_000 });
    return (await box!.evaluate((e) => e.querySelector('legend')?.textContent)) ?? '';
  }

  /**
   * Clicks an action (and, for "Resync all", confirms it) and waits until it is no longer busy; returns
   * the outcome it left in the status area.
   */
  async run(action: 'resync' | 'resync-all' | 'export' | 'view'): Promise<string> {
    if (action === 'resync-all') {
      await this.confirmation();
      await this.page.click('[data-testid=confirm-resync-all-yes]');
    } else await this.page.click(`[data-testid=action-${action}]`);
    await this.page.waitForFunction(
      (name) => {
        const note = document.querySelector(`[data-testid=action-${name}-note]`)?.textContent?.trim();
        const button = document.querySelector<HTMLButtonElement>(`[data-testid=action-${name}]`);
        return note && button && !button.textContent?.includes('…');
      },
      { polling: 100, timeout: 30_000 },
      action,
    );
    return (await this.buttonState(action)).note;
  }

  /** Opens a row's resolution steps with the keyboard (Enter on the info button); returns the steps. */
  async openSteps(id: string): Promise<string[]> {
    await this.page.focus(`${ROW}[data-id="${id}"] button.info`);
    await this.page.keyboard.press('Enter');
    await this.page.waitForSelector(`#steps-${id}:not([hidden])`, { timeout: 5_000 });
    return this.page.$$eval(`#steps-${id} li`, (lis) => lis.map((li) => li.textContent?.trim() ?? ''));
  }
}

const digits = (s: string) => Number(s.replace(/\D/g, ''));
