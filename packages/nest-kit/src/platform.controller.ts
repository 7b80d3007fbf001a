import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Transport } from '@nestjs/microservices';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PATTERN_HANDLER_METADATA, PATTERN_METADATA, TRANSPORT_METADATA } from '@nestjs/microservices/constants.js';
import { HealthRegistry } from './health.js';
import { PATTERN_DOC, schemaOf, type PatternDescription, type ServiceDescription } from './describe.js';
import { SERVICE_INFO, type ServiceInfo } from './service-info.js';

export const HEALTH_PATTERN = 'platform.health';
export const DESCRIBE_PATTERN = 'platform.describe';

/** The two patterns every platform service answers over TCP, so the CLI can wait on health and list patterns. */
@Controller()
export class PlatformController {
  private description?: ServiceDescription;

  constructor(
    private readonly health: HealthRegistry,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
  ) {}

  @MessagePattern(HEALTH_PATTERN, Transport.TCP)
  async checkHealth() {
    const { ok, checks } = await this.health.run();
    return {
      status: ok ? 'ok' : 'degraded',
      service: this.info.name,
      instance: this.info.instance,
      pid: process.pid,
      uptimeSeconds: Math.round(process.uptime()),
      checks,
    };
  }

  @MessagePattern(DESCRIBE_PATTERN, Transport.TCP)
  describe(): ServiceDescription {
    this.description ??= { service: this.info.name, version: this.info.version, patterns: this.collectPatterns() };
    return this.description;
  }

  private collectPatterns(): PatternDescription[] {
    const out: PatternDescription[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || instance === this) continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const handler = proto[method];
        const patterns: unknown[] | undefined = Reflect.getMetadata(PATTERN_METADATA, handler);
        if (!patterns) continue;
        const kind = Reflect.getMetadata(PATTERN_HANDLER_METADATA, handler) === 2 ? 'event' : 'message';
        const transport = Reflect.getMetadata(TRANSPORT_METADATA, handler);
        const doc = Reflect.getMetadata(PATTERN_DOC, handler) ?? {};
        const paramTypes: Function[] = Reflect.getMetadata('design:paramtypes', proto, method) ?? [];
        const dto = paramTypes.find((t) => typeof t === 'function' && schemaOf(t));
        for (const pattern of patterns) {
          out.push({
            pattern,
            kind,
            transport: transport === Transport.KAFKA ? 'kafka' : transport === Transport.TCP ? 'tcp' : 'any',
            description: doc.description,
            schema: dto ? schemaOf(dto) : undefined,
            example: doc.example ?? (dto as { example?: unknown } | undefined)?.example,
          });
        }
      }
    }
    return out;
  }
}
