/** @module What every route of the portal receives. */
import type { PortalState, PortalStore } from './portal-store';

export interface PortalDeps {
  store: PortalStore;
  state: () => PortalState;
  now: () => number;
  portalId: string;
  basePath: string;
  /** Most associations one record may hold to one object type. */
  associationLimit: number;
}
