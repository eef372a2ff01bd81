import type { AppError } from '../app-error.js';
import type { Dialect } from '../dialect.js';

// The emulator's own endpoints (control plane, page endpoints for human steps): plain, explicit JSON.

export const controlDialect: Dialect = {
  name: 'control',
  render(error: AppError) {
    const details = Object.keys(error.details).length > 0 ? { details: error.details } : {};
    return {
      status: error.status,
      contentType: 'application/json; charset=utf-8',
      headers: { ...error.headers },
      body: { error: error.code, message: error.message, ...details },
    };
  },
};
