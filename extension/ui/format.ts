/**
 * @module Numbers and times as the panel shows them, through Intl in the browser's locale: one place, so
 * "12,400 calls" and "21:40" read the same in every view.
 */

/**
 * One formatter of each kind, made on first use: an Intl formatter costs ICU work to build, and building
 * them all when this module loads put that work before the side panel's first render.
 */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
}
const integer = once(() => new Intl.NumberFormat());
const time = once(() => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }));
const dayMonth = once(() => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }));
const full = once(() => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
const hourOnly = once(() => new Intl.DateTimeFormat(undefined, { hour: 'numeric' }));
const relative = once(() => new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }));

/** 12400 → "12,400" (en), "12 400" (fr). */
export const formatCount = (n: number): string => integer().format(n);

/** A time today as "9:40 PM"; an earlier day as "30 Nov". */
export function formatWhen(t: number, now = Date.now()): string {
  return new Date(t).toDateString() === new Date(now).toDateString()
    ? time().format(t)
    : dayMonth().format(t);
}

/** "1 Dec 2026, 21:40": for titles and screen readers. */
export const formatFull = (t: number): string => full().format(t);

/** "9 PM": an hour on a chart axis. */
export const formatHour = (t: number): string => hourOnly().format(t);

/** "2 records", "1 record", with the count formatted. */
export const countOf = (n: number, one: string, many = `${one}s`): string =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

/** How long ago `t` was, in words: "just now", "3 minutes ago", "2 hours ago", "yesterday". */
export function formatAgo(t: number, now = Date.now()): string {
  const seconds = Math.round((t - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative().format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return relative().format(hours, 'hour');
  return relative().format(Math.round(hours / 24), 'day');
}
