import { IsObject, IsOptional, IsString, Length } from 'class-validator';

/** An event on CONSUMES_TOPIC. Unknown fields are dropped (producers may add fields). */
export class IncomingEventDto {
  static readonly example = { id: 'evt-1', data: { note: 'hello' } };

  /** Unique per event: repeats (Kafka delivers at least once) carry the same id. */
  @IsString()
  @Length(1, 200)
  id!: string;

  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}
