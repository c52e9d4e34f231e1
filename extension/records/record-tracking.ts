/** @module Background side of record detection: which record each tab shows (fed by the content scripts). */

/** Starts listening for the content scripts' recordDetected messages. Called once by the background. */
export function startRecordTracking(): void {}
