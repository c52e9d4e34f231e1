/** @module Contract of the status, session and health-summary routes. */
import type { HealthSummaryResponse } from '../health-summary';
import type { SessionUser } from './session-user';
import type { StatusResponse } from './status';

export interface HealthApi {
  'GET /status': { response: StatusResponse };
  'GET /session': {
    response: { paired: true; version: string; mode: 'sandbox' | 'connected'; user: SessionUser };
  };
  'GET /health/summary': { response: HealthSummaryResponse };
}
