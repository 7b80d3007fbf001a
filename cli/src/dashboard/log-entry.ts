/** A log line as the dashboard's server sends it and its page shows it (types only: the page imports them too). */
export interface LogEntry {
  seq: number;
  source: string;
  time: number;
  level: string;
  msg: string;
  correlationId?: string;
  traceId?: string;
  context?: string;
  extra?: Record<string, unknown>;
}

export interface LogFilter {
  sources?: string[];
  levels?: string[];
  text?: string;
  correlationId?: string;
  traceId?: string;
}
