import { GenericCode, type AppError } from '../../core/errors/app-error.js';
import { bearerChallenge, type Dialect } from '../../core/errors/dialect.js';
import { GENERIC_TO_OAUTH } from '../../core/errors/oauth-codes.js';

// OAuth 2.0 (RFC 6749 §5.2) as Account Manager's token endpoint sends it: `error_description` before `error`;
// clients that compare bytes rely on that order.

export const oauthDialect: Dialect = {
  name: 'oauth',
  render(error: AppError) {
    const code = GENERIC_TO_OAUTH[error.code] ?? error.code;
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache', ...error.headers };
    if (error.status === 401 && !headers['WWW-Authenticate'] && code === 'invalid_token') {
      headers['WWW-Authenticate'] = bearerChallenge('/', 'invalid_token', error.message);
    }
    return {
      status: error.status,
      contentType: 'application/json;charset=UTF-8',
      headers,
      body: { error_description: vendorMessage(error), error: code },
    };
  },
};

function vendorMessage(error: AppError): string {
  if (error.code === GenericCode.MethodNotAllowed) {
    const allowed = (error.headers.Allow ?? 'POST').split(',')[0]!.trim();
    return `Required Method: ${allowed} found: ${String(error.details.method)}`;
  }
  return error.message;
}
