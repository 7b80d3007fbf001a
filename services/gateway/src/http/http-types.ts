import type { IncomingMessage, ServerResponse } from 'node:http';

/** The little of Express's request/response the gateway uses (spares a dependency on @types/express). */
export interface HttpRequest extends IncomingMessage {
  path: string;
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
}
