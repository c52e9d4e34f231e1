/**
 * @module The panel's stylesheet, carried inside the first-screen script instead of a `<link>`.
 * A linked stylesheet is one more chrome-extension:// fetch before the first render, and it blocks the
 * module script until it is in (a script-blocking stylesheet): measured on the side panel's reload, the
 * script ran after the last of its three files arrived. Inserted first in <head>, so the lazy views'
 * own stylesheets (linked later by Vite) still come after it in the cascade, as before.
 */
import css from './panel.css?inline';

export function applyPanelStyles(doc: Document = document): void {
  const style = doc.createElement('style');
  style.textContent = css;
  doc.head.prepend(style);
}
