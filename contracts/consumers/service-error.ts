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
    super(`${new.target.service} answered ${status} ${code}${typeof detail.message === 'string' ? `: ${detail.message}` : ''}`);
    this.name = new.target.name;
  }
}
