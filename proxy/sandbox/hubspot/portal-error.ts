/** @module HubSpot's error body, thrown by the portal's handlers and rendered by its onError. */
import { randomUUID } from 'node:crypto';

export interface PortalErrorDetail {
  message: string;
  code?: string;
  context?: Record<string, string[]>;
}

/** HubSpot's documented error shape: status, message, correlationId, category, errors[], context. */
export interface HubspotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: PortalErrorDetail[];
  context?: Record<string, string[]>;
  links?: Record<string, string>;
}

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly errors: PortalErrorDetail[] = [],
    readonly extra: { subCategory?: string; context?: Record<string, string[]> } = {},
  ) {
    super(message);
    this.name = 'PortalError';
  }

  body(): HubspotErrorBody {
    return {
      status: 'error',
      message: this.message,
      correlationId: randomUUID(),
      category: this.category,
      ...(this.extra.subCategory ? { subCategory: this.extra.subCategory } : {}),
      ...(this.errors.length ? { errors: this.errors } : {}),
      ...(this.extra.context ? { context: this.extra.context } : {}),
    };
  }
}

/** A 400 VALIDATION_ERROR whose message lists each detail, as HubSpot's "Property values were not valid". */
export function validationError(errors: PortalErrorDetail[]): PortalError {
  const summary = JSON.stringify(
    errors.map((e) => ({
      isValid: false,
      message: e.message,
      error: e.code,
      name: e.context?.propertyName?.[0],
    })),
  );
  return new PortalError(400, 'VALIDATION_ERROR', `Property values were not valid: ${summary}`, errors);
}

export function badRequest(message: string, code = 'INVALID_REQUEST'): PortalError {
  return new PortalError(400, 'VALIDATION_ERROR', message, [{ message, code }]);
}

export function notFound(message: string): PortalError {
  return new PortalError(404, 'OBJECT_NOT_FOUND', message);
}
