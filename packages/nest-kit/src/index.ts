export { bootstrapService, MAX_TCP_FRAME, type BootstrapOptions } from './bootstrap.js';
export { serviceConfig, peerAddress, envNumber, parseEnvNumber, type ServiceConfig } from './config.js';
export { PlatformModule } from './platform.module.js';
export { HEALTH_PATTERN, DESCRIBE_PATTERN } from './platform.controller.js';
export { HealthRegistry, type HealthCheck } from './health.js';
export { PatternDoc, schemaOf, type PatternDescription, type ServiceDescription } from './describe.js';
export { PinoLoggerService, createLogger } from './logger.js';
export {
  CORRELATION_ATTRIBUTE,
  traceCarrier,
  withTraceCarrier,
  withoutTracing,
  currentTraceIds,
  markSpanError,
} from './tracing/trace-context.js';
export { HEADERS, CORRELATION_FIELD, currentCorrelationId, withCorrelationId } from './correlation.js';
export { rpcError, isRpcErrorBody, STATUS_FOR_CODE, statusForCode, type ErrorCode, type RpcErrorBody } from './rpc-error.js';
export { RpcErrorHttpFilter } from './http-error.filter.js';
export { rpcValidationPipe, fieldErrors } from './validation.js';
export { isLuhnValid, isCardNumber, containsCardNumber, maskCardNumbers, findCardData } from './card-data.js';
export { CardDataGuard, CardDataMiddleware, findCardDataInRequest, fullyDecoded } from './card-data.guard.js';
export { PoisonMessageError, nextStepAfterFailure, deadLetterTopic, DEFAULT_MAX_ATTEMPTS, type NextStep } from './dead-letter.js';
export { createKafka, decodeHeaders } from './kafka.js';
export { KafkaEventConsumer, parseEvent, type ConsumedEvent, type KafkaEventConsumerOptions } from './event-consumer.js';
export { eventConsumer, type EventHandler, type EventConsumerOptions } from './event-consumer.provider.js';
export { SERVICE_INFO, type ServiceInfo } from './service-info.js';
