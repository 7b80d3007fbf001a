import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorBody } from './schemas.js';

export const OPENAPI_PATH = 'openapi.json';

/** The gateway's OpenAPI 3 document, generated from its controllers and DTOs. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('platform payment gateway')
    .setDescription(
      'The HTTP API of the reference payment flow. Every route but /health needs `Authorization: Bearer <secret key>` (`platform seed` prints the demo keys, `platform keys rotate` makes new ones). Errors are ErrorBody; card numbers anywhere in a request are refused with 422 CARD_DATA_REFUSED.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A merchant secret key, sk_...' })
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorBody] });
}

/** Serves the document at GET /openapi.json (no key needed), without a UI. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { ui: false, raw: ['json'], jsonDocumentUrl: OPENAPI_PATH });
}
