/** @module Replacing a field's text the way a person does, so the form's own state follows. */
import type { Page } from 'puppeteer';

/**
 * Selects the field's text, deletes it and types `value`. Unlike setting `el.value = ''`, the delete is an
 * input event: the component's state empties too, so a re-render between the clearing and the typing
 * (live data arriving) cannot put the old text back in front of the new.
 */
export async function retype(page: Page, selector: string, value: string): Promise<void> {
  // The field may only just be opened (an inline edit): wait for it, as a person waits to see it.
  await page.waitForSelector(selector, { visible: true, timeout: 10_000 });
  await page.click(selector, { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.waitForFunction(
    (s) => (document.querySelector(s) as HTMLInputElement | null)?.value === '',
    {},
    selector,
  );
  await page.type(selector, value);
}
