/** @module Contract of the error routes (list, detail, groups, export, views, resync, jobs). */

// Filled in by the error-routes work: zod schemas for each route's query/body, and their entries here.
export type ErrorsApi = {};
