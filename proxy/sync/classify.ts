/** @module The engine's one import point for classification: the shared taxonomy both sides show. */
export {
  classifyError,
  classifyRecorded,
  preflightError,
  type RecordedClassification,
} from '../../shared/classify-error';
