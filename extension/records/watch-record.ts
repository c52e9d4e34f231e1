/**
 * @module Content-script side of record detection: tells the background which record the page shows, on
 * load and on every in-app navigation (HubSpot and Lightning are single-page apps: WXT's
 * `wxt:locationchange` fires when the URL changes without a page load).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { parseRecordUrl } from '../../shared/record-url';
import { sendMessage } from '../messaging/protocol';

export function watchRecord(ctx: ContentScriptContext): void {
  let last = '';
  const report = (url: string) => {
    if (url === last) return;
    last = url;
    sendMessage('recordDetected', { ref: parseRecordUrl(url), url }).catch(() => undefined /* reloading */);
  };
  report(location.href);
  ctx.addEventListener(window, 'wxt:locationchange', (event) => report(event.newUrl.href));
}
