export default defineContentScript({
  matches: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'],
  main() {},
});
