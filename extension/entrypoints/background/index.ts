export default defineBackground(() => {
  // wired in extension/background/
});
