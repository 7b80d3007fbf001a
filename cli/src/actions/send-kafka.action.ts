import { failedError } from '../errors.js';
export async function sendKafkaAction(_topic: string, _value: string | undefined, _opts: Record<string, unknown>): Promise<void> {
  throw failedError('send kafka is not implemented yet');
}
