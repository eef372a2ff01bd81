import type { z } from 'zod';
import { AppError } from '../core/errors/app-error.js';

// OCI's errors as the availability, impex and reservation RAML document them. The body is rendered by the OCI
// dialect: `{type: "about:blank", errorCode, message, ...context}`; Connect routes render the same errors in the
// Salesforce REST dialect.

export function ociError(status: number, errorCode: string, message: string, context: Record<string, unknown> = {}, explain?: string): AppError {
  return new AppError(status, errorCode, message, { details: context, explain });
}

export const ociErrors = {
  invalidParameter: (parameterName: string, message = 'An invalid request parameter was provided') =>
    ociError(400, 'InvalidRequestParameter', message, { parameterName }),
  invalidRequest: (message: string) => ociError(400, 'InvalidRequest', message),
  /** A 400 with a specific code about one parameter (DuplicateSku, DuplicateLocationId…). */
  invalid: (errorCode: string, parameterName: string, message: string) => ociError(400, errorCode, message, { parameterName }),
  locationDoesNotExist: (location: string) =>
    ociError(400, 'LocationDoesNotExist', 'A location provided in the request does not exist.', { location }),
  groupDoesNotExist: (group: string) => ociError(400, 'GroupDoesNotExist', 'A group provided in the request does not exist.', { group }),
  /** The same refusals in the wording of the impex and reservation RAML examples. */
  noLocationWithId: (location: string) => ociError(400, 'LocationDoesNotExist', `No location exists with ID '${location}'`, { location }),
  noGroupWithId: (group: string) => ociError(400, 'GroupDoesNotExist', `No group exists with ID '${group}'`, { group }),
  entityNotFound: (status: 400 | 404, message = 'An invalid entity was provided.') => ociError(status, 'EntityNotFound', message),
  /** Impex: an import, export or upload link id the tenant group does not have. */
  noSuchJob: (what: string, id: string) =>
    ociError(404, 'EntityNotFound', 'An invalid entity was provided as part of the request.', {}, `no ${what} ${id} in this tenant group`),
  importInProgress: (importId: string) => ociError(409, 'ImportInProgress', `Import ${importId} is in progress.`),
  exportInProcess: (exportId: string) => ociError(409, 'ExportInProcess', `Export ${exportId} is in progress.`),
  fileAlreadyReceived: () => ociError(409, 'FileAlreadyReceived', 'The file for this uploadLink has already been received.'),
  expiredUploadLink: (explain?: string) => ociError(410, 'ExpiredUploadLink', 'The upload link has expired or is no longer valid.', {}, explain),
  expiredResultLink: (explain?: string) => ociError(410, 'ExpiredResultLink', 'The download link has expired or is no longer valid.', {}, explain),
};

/** The first schema problem, as OCI words it: which parameter, and what is wrong with it. */
export function schemaError(issues: readonly z.core.$ZodIssue[]): AppError {
  const issue = issues[0]!;
  const parameterName = issue.path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
  const where = parameterName || 'body';
  return ociError(400, 'InvalidRequestParameter', `'${where}' ${issue.message}`, { parameterName: where });
}

export function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined) throw ociErrors.invalidRequest('A request body is required.');
  const result = schema.safeParse(body);
  if (!result.success) throw schemaError(result.error.issues);
  return result.data;
}
