import { AppError, GenericCode } from '../../core/errors/app-error.js';

// `/services/data/vXX.X/…`: a resource exists from the API version it was introduced in.

export function apiVersion(segment: string, since: number): number {
  const m = /^v(\d{2})\.0$/.exec(segment);
  if (!m) throw new AppError(404, GenericCode.RouteNotFound, 'The requested resource does not exist', { explain: `${segment} is not an API version such as v62.0` });
  const version = Number(m[1]);
  if (version < since) {
    throw new AppError(404, GenericCode.RouteNotFound, 'The requested resource does not exist', { explain: `this resource exists from API version ${since}.0` });
  }
  return version;
}
