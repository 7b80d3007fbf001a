import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { PatternDoc } from '@platform/nest-kit';
import { GreetDto } from './dto/greet.dto.js';
import { GreetingsService } from './greetings.service.js';
import { SERVICE_NAME } from '../service.constants.js';

export const GREET_PATTERN = `${SERVICE_NAME}.greet`;

@Controller()
export class GreetingsController {
  constructor(private readonly greetings: GreetingsService) {}

  @MessagePattern(GREET_PATTERN, Transport.TCP)
  @PatternDoc({ description: 'Greets someone and counts greetings' })
  greet(@Payload() dto: GreetDto) {
    return this.greetings.greet(dto.name);
  }
}
