/**
 * The scenario format (demos/*.yaml); demos/scenario.schema.json is its contract for editors and ajv.
 * A step is one action (its kind) plus an optional title and captures; each kind lives in steps/.
 */
export type Duration = number | string;
export type ServiceRef = string | { service: string; instance?: number };

export interface TcpRequest {
  service: string;
  instance?: number;
  pattern: string | Record<string, unknown>;
  data?: unknown;
  reply?: unknown;
  error?: unknown;
}

export interface KafkaMessage {
  topic: string;
  key?: string;
  value: unknown;
  headers?: Record<string, string>;
  partition?: number;
}

export interface HttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  repeat?: number;
  expect?: { status?: number; body?: unknown; headers?: Record<string, unknown> };
}
