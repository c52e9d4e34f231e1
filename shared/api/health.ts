/** @module Contract of the status, session and health-summary routes. */
import type { HealthSummaryResponse } from '../health-summary';

export interface HealthApi {
  'GET /status': { response: { ok: true; version: string } };
  'GET /session': { response: { ok: true; version: string; mode: 'sandbox' | 'connected' } };
  'GET /health/summary': { response: HealthSummaryResponse };
}
