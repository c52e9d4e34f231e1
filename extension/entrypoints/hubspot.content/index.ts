import { watchRecord } from '../../records/watch-record';

export default defineContentScript({
  // app.hubspot.com and the regional hosts (app-eu1, app-na2, …); the sandbox portal's pages on the proxy.
  matches: [
    'https://*.hubspot.com/*',
    'http://127.0.0.1/sandbox/hubspot/*',
    'http://localhost/sandbox/hubspot/*',
  ],
  main: (ctx) => watchRecord(ctx),
});
