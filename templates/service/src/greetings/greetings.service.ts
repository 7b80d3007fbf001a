import { Injectable } from '@nestjs/common';

@Injectable()
export class GreetingsService {
  private greeted = 0;

  greet(name: string): { greeting: string; count: number } {
    this.greeted++;
    return { greeting: `Hello, ${name}!`, count: this.greeted };
  }
}
