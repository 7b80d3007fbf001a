import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { rpcError } from '@platform/nest-kit';

/** A request that carries a body must say it is JSON: anything else is UNSUPPORTED_MEDIA_TYPE (415), not an empty body. */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  use(req: IncomingMessage, _res: unknown, next: () => void) {
    if (hasBody(req) && !isJson(req.headers['content-type'])) {
      throw rpcError(
        'UNSUPPORTED_MEDIA_TYPE',
        `request bodies must be JSON: send Content-Type: application/json (got ${req.headers['content-type'] ?? 'none'})`,
      );
    }
    next();
  }
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

export function isJson(contentType: string | undefined): boolean {
  return !!contentType && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim());
}
