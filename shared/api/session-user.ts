/** @module Who the extension is paired as: a person of a shared server, or the local proxy's one admin. */

/** `email` is null on the local proxy (whoever holds its pairing token is its admin). */
export interface SessionUser {
  email: string | null;
  role: 'admin' | 'viewer';
}
