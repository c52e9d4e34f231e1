/**
 * @module Proxy messages in the words of the form an admin used. The proxy's 400s are written for API
 * callers ('Invalid body: "allocation" 20000 is above the org's daily limit…'); the panel shows them
 * under the field the admin touched, named as the form names it, with numbers grouped by Intl.
 */
import { formatCount } from './format';

const PREFIX = /^Invalid (?:body|query): /;

/** Groups the digits of whole numbers ("20000" → "20,000"); ids, versions, dates and times stay as they are. */
export function groupNumbers(text: string): string {
  return text.replace(/(?<![\w.:/-])\d{4,}(?![\w:/-]|\.\d)/g, (n) => formatCount(Number(n)));
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The proxy's message for a request made from a form: each `"field"` it names becomes the form's label
 * for it, the "Invalid body:" prefix goes, numbers are grouped.
 * @example
 *   forForm('Invalid body: "allocation" 20000 is above the limit of 15000.', { allocation: 'The allocation' })
 *   // → 'The allocation 20,000 is above the limit of 15,000.'
 */
export function forForm(message: string, labels: Readonly<Record<string, string>>): string {
  let text = message.replace(PREFIX, '');
  for (const [field, label] of Object.entries(labels))
    text = text.replaceAll(`"${field}"`, label).replaceAll(` ${label}`, ` ${label.toLowerCase()}`);
  return capital(groupNumbers(text.replace(/\s+/g, ' ').trim()));
}

/** `forForm` for a caught error (a ProxyError or a network failure). */
export function errorForForm(err: unknown, labels: Readonly<Record<string, string>>): string {
  const message = err instanceof Error ? err.message : String(err);
  // fetch's own words when the proxy is gone mid-action.
  if (/^Failed to fetch|NetworkError/.test(message))
    return 'The proxy did not answer. Check that it is running, then try again.';
  return forForm(message, labels);
}
