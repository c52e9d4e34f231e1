/** @module The engine's typed events: counts, error, resolved, state, usage-warning. */
import type { MappingProblemDto } from '../../shared/api/mappings';
import type { SyncState } from '../../shared/api/sync-state';
import type { ErrorInput } from '../store';

export type { SyncState } from '../../shared/api/sync-state';

export interface SyncEventMap {
  counts: [];
  error: [{ id: string; error: ErrorInput }];
  resolved: [{ ids: string[] }];
  state: [SyncState];
  'usage-warning': [{ kind: 'allocation' | 'org'; percent: number }];
  /** The mapping validation found a different set of problems (empty: all fixed). */
  'mapping-problems': [MappingProblemDto[]];
}

type Listener<K extends keyof SyncEventMap> = (...args: SyncEventMap[K]) => void;

/**
 * A small typed emitter. Not Node's EventEmitter: there an 'error' event without a listener throws,
 * and 'error' here is an ordinary event ("an error was recorded").
 */
export class SyncEvents {
  private listeners = new Map<keyof SyncEventMap, Set<(...args: never[]) => void>>();

  on<K extends keyof SyncEventMap>(event: K, fn: Listener<K>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(fn as (...args: never[]) => void);
    this.listeners.set(event, set);
    return () => this.off(event, fn);
  }

  off<K extends keyof SyncEventMap>(event: K, fn: Listener<K>): void {
    this.listeners.get(event)?.delete(fn as (...args: never[]) => void);
  }

  emit<K extends keyof SyncEventMap>(event: K, ...args: SyncEventMap[K]): void {
    for (const fn of this.listeners.get(event) ?? []) {
      // A listener's failure must not break the sync (listeners run inside store transactions).
      try {
        (fn as Listener<K>)(...args);
      } catch {}
    }
  }
}
