export default defineContentScript({
  matches: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*'],
  main() {},
});
