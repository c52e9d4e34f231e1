/**
 * @module The async store contract as the PostgreSQL side names it: the same types as `Store` in
 * proxy/store/types.ts (both stores implement that one interface).
 */
export type {
  AffectedCounter,
  Async,
  ExportSnapshot as AsyncExportSnapshot,
  Store as AsyncStore,
  StoreMethods,
} from '../types';
