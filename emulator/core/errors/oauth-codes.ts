import { GenericCode } from './app-error.js';

// OAuth 2.0 (RFC 6749 §5.2): the `error` codes the token endpoints of Account Manager and the Salesforce org send
// for the emulator's generic failures. Each product's dialect adds its own habits (field order, headers).

/** The OAuth `error` a generic failure becomes; vendor codes (`invalid_client`…) pass through. */
export const GENERIC_TO_OAUTH: Partial<Record<string, string>> = {
  [GenericCode.MalformedJson]: 'invalid_request',
  [GenericCode.MalformedBody]: 'invalid_request',
  [GenericCode.MalformedPath]: 'invalid_request',
  [GenericCode.ValidationFailed]: 'invalid_request',
  [GenericCode.UnsupportedMediaType]: 'invalid_request',
  [GenericCode.PayloadTooLarge]: 'invalid_request',
  [GenericCode.MethodNotAllowed]: 'method_not_allowed',
  [GenericCode.RouteNotFound]: 'not_found',
  [GenericCode.NotFound]: 'not_found',
  [GenericCode.Unauthorized]: 'invalid_token',
  [GenericCode.MalformedAuthorization]: 'invalid_token',
  [GenericCode.InvalidToken]: 'invalid_token',
  [GenericCode.TokenExpired]: 'invalid_token',
  [GenericCode.InsufficientScope]: 'insufficient_scope',
  [GenericCode.TenantForbidden]: 'access_denied',
  [GenericCode.Forbidden]: 'access_denied',
  [GenericCode.Conflict]: 'invalid_request',
  [GenericCode.InternalError]: 'server_error',
  [GenericCode.ServiceUnavailable]: 'temporarily_unavailable',
};
