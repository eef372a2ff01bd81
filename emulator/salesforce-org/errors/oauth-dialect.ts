import type { AppError } from '../../core/errors/app-error.js';
import type { Dialect } from '../../core/errors/dialect.js';
import { GENERIC_TO_OAUTH } from '../../core/errors/oauth-codes.js';

// The Salesforce org's token endpoint speaks OAuth 2 with its own habits: `error` before `error_description`,
// lower-case descriptions ("authentication failure"), 400 for every refusal of a grant, no challenge header.

export const salesforceOAuthDialect: Dialect = {
  name: 'salesforce-oauth',
  render(error: AppError) {
    return {
      status: error.status,
      contentType: 'application/json;charset=UTF-8',
      headers: { 'Cache-Control': 'no-cache,must-revalidate,max-age=0,no-store,private', ...error.headers },
      body: { error: GENERIC_TO_OAUTH[error.code] ?? error.code, error_description: error.message },
    };
  },
};
