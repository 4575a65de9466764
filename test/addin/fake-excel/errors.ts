/**
 * Errors shaped like Office.js's OfficeExtension.Error ("RichApi.Error"): a `code` such as
 * 'ItemNotFound', 'InvalidArgument', 'ApiNotFound', 'PropertyNotLoaded',
 * 'RequestPayloadSizeLimitExceeded', and `debugInfo` with the same code and message.
 */

/** Thrown by the in-memory model; the request context turns it into an OfficeExtensionError. */
export class ModelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export interface ErrorDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
}

export class OfficeExtensionError extends Error {
  readonly code: string;
  readonly debugInfo: ErrorDebugInfo;
  readonly traceMessages: string[] = [];
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = errorLocation === undefined ? { code, message } : { code, message, errorLocation };
  }
}

/** The codes Office.js defines in OfficeExtension.ErrorCodes (those the fake can raise). */
export const ErrorCodes = {
  accessDenied: 'AccessDenied',
  apiNotFound: 'ApiNotFound',
  generalException: 'GeneralException',
  invalidArgument: 'InvalidArgument',
  invalidOperation: 'InvalidOperation',
  itemAlreadyExists: 'ItemAlreadyExists',
  itemNotFound: 'ItemNotFound',
  propertyNotLoaded: 'PropertyNotLoaded',
  requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded',
} as const;

export function propertyNotLoaded(property: string): OfficeExtensionError {
  return new OfficeExtensionError(
    'PropertyNotLoaded',
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}
