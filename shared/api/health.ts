/** @module Contract of the status, session and health-summary routes. */
import type { HealthSummaryResponse } from '../health-summary';
import type { StatusResponse } from './status';

export interface HealthApi {
  'GET /status': { response: StatusResponse };
  'GET /session': { response: { ok: true; version: string; mode: 'sandbox' | 'connected' } };
  'GET /health/summary': { response: HealthSummaryResponse };
}
