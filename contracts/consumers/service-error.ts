// A refusal from the service a consumer calls: the HTTP status, the service's own error code (OCI's `errorCode`,
// OCAPI's fault `type`) and the rest of its error body. Each client's subclass names its service; the subclass's
// name is the error's name.

export class ServiceError extends Error {
  /** Who answered, in the message: `OCI answered 404 …`. */
  static readonly service: string = 'The service';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    const text = humanText(detail);
    super(`${new.target.service} answered ${status} ${code}${text ? `: ${text}` : ''}`);
    this.name = new.target.name;
  }
}

/** The dialects name their human text differently: OCI and OCAPI `message`, OAuth `error_description`, problem+json `detail`. */
function humanText(detail: Record<string, unknown>): string | undefined {
  for (const field of ['message', 'error_description', 'detail']) if (typeof detail[field] === 'string') return detail[field];
  return undefined;
}
