/** The scenario format (demos/*.yaml); demos/scenario.schema.json is its contract for editors and ajv. */

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

export interface Expectation {
  within?: Duration;
  settle?: Duration;
  kafka?: { topic: string; key?: string; value?: unknown; headers?: Record<string, unknown>; count?: number };
  document?: { collection: string; filter?: Record<string, unknown>; match?: unknown; count?: number };
  tcp?: TcpRequest;
  http?: { method?: string; path: string; headers?: Record<string, string>; body?: unknown; status?: number; response?: unknown };
  group?: { id: string; members?: number; topic?: string };
  trace?: TraceExpectation;
}

/** A trace (by trace id or correlation id) that holds spans matching each entry (partial match on the span). */
export interface TraceExpectation {
  id: string;
  spans?: Record<string, unknown>[];
  errors?: number;
}

export interface Step {
  title?: string;
  capture?: Record<string, string>;
  say?: string;
  up?: null | { services?: string[] };
  down?: null | Record<string, never>;
  seed?: string | { dataset: string; reset?: boolean };
  reset?: string;
  send?: { tcp?: TcpRequest; kafka?: KafkaMessage | KafkaMessage[] };
  http?: HttpRequest;
  expect?: Expectation;
  kill?: ServiceRef;
  restart?: ServiceRef;
  scale?: Record<string, number>;
  wait?: Duration | { healthy: string | string[]; within?: Duration };
  pause?: string | null;
}

export const ACTIONS = ['say', 'up', 'down', 'seed', 'reset', 'send', 'http', 'expect', 'kill', 'restart', 'scale', 'wait', 'pause'] as const;
export type Action = (typeof ACTIONS)[number];

export interface Scenario {
  name: string;
  description: string;
  checkpoint?: string;
  vars?: Record<string, unknown>;
  within?: Duration;
  steps: Step[];
  /** Where it came from, for messages: the file and each step's line. */
  file: string;
  stepLines: number[];
}

export function actionOf(step: Step): Action {
  return ACTIONS.find((a) => a in step)!;
}
