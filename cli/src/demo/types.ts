/**
 * The scenario format (demos/*.yaml); demos/scenario.schema.json is its contract for editors and ajv.
 * A step is one action (its kind) plus an optional title and captures; each kind lives in steps/.
 */
import type { StepPayloads } from './steps/index.js';

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

export type StepKindName = keyof StepPayloads;

interface StepCommon {
  title?: string;
  capture?: Record<string, string>;
}

/** One step as the runner sees it: `{ kind: 'send', send: {...}, title? }`; the YAML has no `kind`, load.ts adds it. */
export type StepOf<K extends StepKindName> = StepCommon & { kind: K } & { [P in K]: StepPayloads[K] };
export type Step = { [K in StepKindName]: StepOf<K> }[StepKindName];

/** A step as written in YAML (saved requests write these). */
export type StepSource = StepCommon & Partial<StepPayloads>;

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
