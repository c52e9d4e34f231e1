/** @module The engine's one import point for classification (shared/classify-error.ts once it lands). */
export { classifyError, preflightError } from './interim-classify';
