import { watchRecord } from '../../records/watch-record';

export default defineContentScript({
  matches: [
    'https://*.lightning.force.com/*',
    'https://*.my.salesforce.com/*',
    'http://127.0.0.1/sandbox/salesforce/*',
    'http://localhost/sandbox/salesforce/*',
  ],
  main: (ctx) => watchRecord(ctx),
});
