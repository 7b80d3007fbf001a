/** A Kafka message as the CLI shows it: key, headers and value decoded as UTF-8 (types only: the dashboard's page imports it too). */
export interface TailMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
}
