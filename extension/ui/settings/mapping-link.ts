/**
 * @module A link into Settings → Field mappings at one row, from anywhere in the side panel (a "Property
 * mappings" error's steps): the panel shell listens and opens the editor on that row. Both ends are in
 * the same page, so a DOM event is enough; nothing crosses extension contexts.
 */

/** The row to open: the object pair and its Salesforce field (mapped once per pair). */
export interface MappingTarget {
  crmType: string;
  field: string;
}

const EVENT = 'sync-health:open-mapping';

export function openMapping(target: MappingTarget): void {
  window.dispatchEvent(new CustomEvent<MappingTarget>(EVENT, { detail: target }));
}

/** Calls `fn` for each request to open a mapping; returns the unsubscribe. */
export function onOpenMapping(fn: (target: MappingTarget) => void): () => void {
  const handler = (e: Event) => fn((e as CustomEvent<MappingTarget>).detail);
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}

/** The mapping row that fixes an error: "Property mappings" errors that name their field; else null. */
export function mappingTargetOf(item: {
  category: string;
  crmType: string;
  field?: string | null;
}): MappingTarget | null {
  return item.category === 'property-mappings' && item.field
    ? { crmType: item.crmType, field: item.field }
    : null;
}
