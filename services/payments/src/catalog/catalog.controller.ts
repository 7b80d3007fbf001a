import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Matches } from 'class-validator';
import { PAYMENTS_PATTERNS } from '@platform/contracts';
import { PatternDoc } from '@platform/nest-kit';
import { CatalogService } from './catalog.service.js';

export class AuthenticateQuery {
  static example = { keyHash: '6b1f8e0c3ad9f3c1a5e2b7d4c8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7' };

  /** SHA-256 of the secret key, hex: the key itself never leaves the gateway. */
  @Matches(/^[0-9a-f]{64}$/, { message: 'keyHash must be the hex SHA-256 of an API key' }) keyHash!: string;
}

@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @MessagePattern(PAYMENTS_PATTERNS.authenticate, Transport.TCP)
  @PatternDoc({ description: 'The merchant an API key (given as its SHA-256) belongs to; NOT_FOUND for an unknown or rotated key' })
  authenticate(@Payload() query: AuthenticateQuery) {
    return this.catalog.authenticate(query.keyHash);
  }
}
