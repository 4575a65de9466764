/**
 * Failures that are nobody's mistake in the request but that the service cannot get past right now
 * (its store lock lost, every intake thread busy). Their message is for users, in Chinese; the API
 * answers 503 and the chat says the message.
 */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceUnavailableError';
  }
}
