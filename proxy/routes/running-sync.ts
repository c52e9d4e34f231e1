/** @module The running sync, or the 503 every health-API route answers while it is still starting. */
import { ApiHttpError } from '../http/api-http-error';
import type { ApiDeps, RunningSync } from './api-deps';

export function requireSync(deps: ApiDeps): RunningSync {
  const running = deps.sync();
  if (!running)
    throw new ApiHttpError(503, 'unavailable', 'The sync is still starting; try again in a second.');
  return running;
}
