/** @module The engine's one import point for classification: the shared taxonomy both sides show. */
export { classifyError, preflightError } from '../../shared/classify-error';
