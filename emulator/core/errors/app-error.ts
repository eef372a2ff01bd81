// One error type crosses every layer. Domain code names the failure (a generic code below, or a vendor code
// such as OCI's `LocationDoesNotExist` or OAuth's `invalid_scope`); the dialect of the API that was called
// decides how it looks on the wire.

export const GenericCode = {
  RouteNotFound: 'RouteNotFound',
  MethodNotAllowed: 'MethodNotAllowed',
  MalformedJson: 'MalformedJson',
  MalformedBody: 'MalformedBody',
  /** A path segment that is not valid percent-encoded UTF-8 (`%zz`, a cut sequence, a lone surrogate). */
  MalformedPath: 'MalformedPath',
  UnsupportedMediaType: 'UnsupportedMediaType',
  PayloadTooLarge: 'PayloadTooLarge',
  ValidationFailed: 'ValidationFailed',
  /** No credentials were sent. */
  Unauthorized: 'Unauthorized',
  /** An Authorization header that is not `Bearer <token>`. */
  MalformedAuthorization: 'MalformedAuthorization',
  /** Credentials were sent but are not a token this emulator issued (garbage, bad signature, wrong issuer). */
  InvalidToken: 'InvalidToken',
  TokenExpired: 'TokenExpired',
  InsufficientScope: 'InsufficientScope',
  /** The token is valid but not for the tenant named by the request. */
  TenantForbidden: 'TenantForbidden',
  Forbidden: 'Forbidden',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  InternalError: 'InternalError',
  /** The emulator could not keep the change (a durable write failed): nothing was changed. */
  ServiceUnavailable: 'ServiceUnavailable',
} as const;

export type GenericCode = (typeof GenericCode)[keyof typeof GenericCode];

export interface AppErrorInit {
  /** Extra fields some dialects put in the body (OCI `parameterName`, OCAPI `arguments`, ...). */
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Said in the journal and in `X-Emulator-Explain`, never in the vendor body: why the emulator refused. */
  explain?: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly explain: string | undefined;

  constructor(status: number, code: string, message: string, init: AppErrorInit = {}) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.details = init.details ?? {};
    this.headers = init.headers ?? {};
    this.explain = init.explain;
  }
}

export const errors = {
  routeNotFound: (method: string, path: string) =>
    new AppError(404, GenericCode.RouteNotFound, `No resource matches ${method} ${path}`, { details: { method, path } }),
  methodNotAllowed: (method: string, path: string, allowed: string[]) =>
    new AppError(405, GenericCode.MethodNotAllowed, `Method ${method} is not allowed on ${path}`, {
      details: { method, path },
      headers: { Allow: allowed.join(', ') },
    }),
  malformedJson: (detail: string) => new AppError(400, GenericCode.MalformedJson, `The request body is not valid JSON: ${detail}`),
  malformedPath: (segment: string) =>
    new AppError(400, GenericCode.MalformedPath, `The request path is not valid percent-encoded UTF-8 near '${segment.slice(0, 100)}'`),
  /** JSON nested past what the emulator reads (as Jackson's nesting limit refuses such a document). */
  jsonTooDeep: (maxDepth: number) => new AppError(400, GenericCode.MalformedJson, `The request body nests arrays and objects deeper than ${maxDepth} levels`),
  unsupportedMediaType: (got: string | undefined, expected: string) =>
    new AppError(415, GenericCode.UnsupportedMediaType, `Content-Type ${got ? `'${got}'` : '(none)'} is not supported; send ${expected}`, {
      details: { mediaType: got ?? '' },
    }),
  payloadTooLarge: (limitBytes: number) =>
    new AppError(413, GenericCode.PayloadTooLarge, `The request body exceeds the limit of ${limitBytes} bytes`, {
      details: { limit: limitBytes },
    }),
  validation: (message: string, parameterName?: string) =>
    new AppError(400, GenericCode.ValidationFailed, message, { details: parameterName ? { parameterName } : {} }),
  notFound: (message: string, details?: Record<string, unknown>) =>
    new AppError(404, GenericCode.NotFound, message, details ? { details } : {}),
  conflict: (message: string) => new AppError(409, GenericCode.Conflict, message),
  internal: () => new AppError(500, GenericCode.InternalError, 'An unknown internal error has occurred'),
  unavailable: () =>
    new AppError(503, GenericCode.ServiceUnavailable, 'The service is temporarily unavailable; the request was not applied, try again', {
      headers: { 'Retry-After': '1' },
      explain: 'The change could not be written to disk (--durable), so it was undone and not acknowledged',
    }),
};

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
