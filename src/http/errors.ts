/**
 * One error hierarchy for the whole API. Every code is stable and documented in the README;
 * the HTTP layer (http/error-handler.ts) turns an ApiError into the Webex error body.
 */
export const ErrorCodes = {
  // Generic request errors (1xxx; 1001/1002 follow the Webex for BroadWorks table).
  NULL_PARAMETER: 1001,
  INVALID_PARAMETER_SIZE: 1002,
  INVALID_PARAMETER: 1003,
  MALFORMED_BODY: 1004,
  UNSUPPORTED_MEDIA_TYPE: 1005,
  ROUTE_NOT_FOUND: 1006,
  METHOD_NOT_ALLOWED: 1007,
  IDEMPOTENCY_KEY_REUSED: 1010,
  INVALID_IDEMPOTENCY_KEY: 1011,
  // Request limits (http/request-limits.ts).
  BODY_TOO_LARGE: 1012,
  JSON_TOO_DEEP: 1013,
  HEADERS_TOO_LARGE: 1014,
  REQUEST_TIMEOUT: 1015,
  BAD_HTTP_REQUEST: 1016,
  BAD_URL: 1017,
  PARAM_TOO_LONG: 1018,
  // Rate limits (http/rate-limit.ts).
  RATE_LIMITED: 1020,
  // The database is unreachable or restarting (503 + Retry-After; safe to retry with the same Idempotency-Key).
  DATABASE_UNAVAILABLE: 1030,
  DATABASE_BUSY: 1031,
  // Authentication and authorisation (4xxx).
  UNAUTHORIZED: 4001,
  BAD_CREDENTIALS: 4002,
  ACCOUNT_LOCKED: 4005,
  CSRF_FAILED: 4006,
  WEAK_PASSWORD: 4007,
  MISSING_SCOPE: 4003,
  NOT_FOUND: 4004,
  // Control Hub (customer administrators).
  ACTIVATION_LINK_INVALID: 4010,
  NOT_FULL_ADMIN: 4011,
  CANNOT_REMOVE_SELF: 4012,
  NO_WHOLESALE_SERVICES: 4013,
  // Customers: validation (6xxx).
  PROVISIONING_ID_NOT_FOUND: 6001,
  EXTERNAL_ID_EXISTS: 6002,
  INVALID_CUSTOMER_NAME: 6003,
  INVALID_EMAIL: 6004,
  INVALID_LANGUAGE: 6005,
  INVALID_COUNTRY: 6006,
  STATE_REQUIRED: 6007,
  POSTAL_CODE_REQUIRED: 6008,
  ADDRESS_LINE_TOO_LONG: 6009,
  CALLING_LOCATION_REQUIRED: 6010,
  INVALID_TIMEZONE: 6011,
  PACKAGE_DEPENDENCY: 6012,
  DUPLICATE_PACKAGE: 6013,
  INVALID_STATE: 6014,
  CUSTOMER_INFO_REQUIRED: 6015,
  ORG_ALREADY_CUSTOMER: 6016,
  CUSTOMER_BUSY: 6017,
  // Attaching to existing organizations (seed 003).
  ORG_NOT_FOUND: 6040,
  TRIAL_ORG: 6041,
  CUSTOMER_API_ONLY: 6042,
  NOT_PENDING_APPROVAL: 6043,
  ORG_EXISTS: 6044,
  INVALID_ORG_IMPORT: 6045,
  // Package quantities (seed 004).
  INVALID_QUANTITY: 6020,
  QUANTITY_NOT_ASSIGNABLE: 6021,
  QUANTITY_MIXED: 6022,
  QUANTITY_CANNOT_BECOME_LIMITED: 6023,
  QUANTITY_CANNOT_BECOME_UNLIMITED: 6024,
  QUANTITY_LOWERED: 6025,
  QUANTITY_ABOVE_MAXIMUM: 6026,
  QUANTITY_WHILE_MIGRATING: 6027,
  // Delayed billing.
  BILLING_START_NOT_ENABLED: 6030,
  BILLING_START_OUT_OF_RANGE: 6031,
  // Subscribers (5xxx; 10022 is the reference's own code).
  EMAIL_TAKEN: 10022,
  PACKAGE_AND_PACKAGES: 5001,
  ONE_PACKAGE: 5002,
  CUSTOMER_NOT_READY: 5010,
  PACKAGE_NOT_PROVISIONED: 5011,
  ADD_ON_NEEDS_BASE: 5012,
  BASE_HOLDS_ADD_ON: 5013,
  NUMBER_OR_EXTENSION_REQUIRED: 5020,
  INVALID_PHONE_NUMBER: 5021,
  INVALID_EXTENSION: 5022,
  RESERVED_EXTENSION: 5023,
  EXTENSION_TAKEN: 5024,
  UNKNOWN_LOCATION: 5025,
  LOCATION_REQUIRED: 5026,
  NO_CALLING_LOCATION: 5027,
  QUANTITY_EXCEEDED: 5030,
  ADMIN_PACKAGE_LEVEL: 5040,
  ADMIN_DOWNGRADE: 5041,
  NAME_REQUIRED: 5050,
  // Consent moves of free accounts (pending_user_migration).
  NOT_PENDING_MIGRATION: 5060,
  CONSENT_DECLINED: 5061,
  CONSENT_LINK_INVALID: 5062,
  // Bulk provisioning (POST /v1/wholesale/subscribers/bulk).
  BULK_NOT_APPLIED: 5070,
  // Templates (8xxx).
  TEMPLATE_NAME_EXISTS: 8001,
  TEMPLATE_IN_USE: 8002,
  IDP_ENTITY_ID_REQUIRED: 8003,
  // Operator (9xxx).
  PARTNER_NOT_FOUND: 9001,
  NOT_PENDING_REVIEW: 9002,
  ADMIN_EMAIL_TAKEN: 9003,
  // Locations and numbers (7xxx).
  LOCATION_NAME_EXISTS: 7001,
  NUMBER_IN_USE: 7010,
  NUMBER_FORMAT_INVALID: 7011,
  NUMBER_NOT_IN_INVENTORY: 7012,
  NUMBER_ALREADY_ASSIGNED: 7013,
  NUMBER_DUPLICATE_IN_REQUEST: 7014,
  PERSON_HAS_NUMBER: 7015,
  // Background provisioning (reported in Customer.errors / package warnings and errors).
  CALLING_MAINTENANCE: 2560,
  RPL_REJECTED: 2601,
  PROVISIONING_FAILED: 2602,
  PACKAGE_DEPROVISION_FAILED: 2603,
  ATTACH_REJECTED: 2604,
  ATTACH_EXPIRED: 2605,
  // Precheck success info code.
  PRECHECK_SUCCESS: 100,
} as const;

export type ErrorItem = { errorCode: number; description: string };

export class ApiError extends Error {
  readonly statusCode: number;
  readonly errors: ErrorItem[];
  readonly headers: Record<string, string>;

  constructor(
    statusCode: number,
    message: string,
    errors: ErrorItem[],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.statusCode = statusCode;
    this.errors = errors;
    this.headers = headers;
  }

  static one(statusCode: number, errorCode: number, description: string): ApiError {
    return new ApiError(statusCode, description, [{ errorCode, description }]);
  }
}

export const badRequest = (errors: ErrorItem[]) =>
  new ApiError(
    400,
    errors.length === 1 ? errors[0]!.description : 'The request has invalid parameters.',
    errors,
  );

export const notFound = (what: string) =>
  ApiError.one(404, ErrorCodes.NOT_FOUND, `${what} not found.`);

export const conflict = (errorCode: number, description: string) =>
  ApiError.one(409, errorCode, description);

/** Collects validation failures so one response can report all of them. */
export class Problems {
  readonly items: ErrorItem[] = [];
  add(errorCode: number, description: string): void {
    this.items.push({ errorCode, description });
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
  throwIfAny(): void {
    if (!this.empty) throw badRequest(this.items);
  }
}
