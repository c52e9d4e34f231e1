/** @module Contract of the control routes (settings, notifications, records, usage, events, sync). */

// Filled in by the control-routes work: zod schemas for each route's query/body, and their entries here.
export type ControlApi = {};
