import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { peerAddress } from '@platform/nest-kit';
import { LEDGER_CLIENT, PAYMENTS_CLIENT, PeersService } from './peers.service.js';

@Module({
  imports: [
    ClientsModule.registerAsync([
      { name: PAYMENTS_CLIENT, useFactory: () => ({ transport: Transport.TCP, options: peerAddress('payments', process.env, 4001) }) },
      { name: LEDGER_CLIENT, useFactory: () => ({ transport: Transport.TCP, options: peerAddress('ledger', process.env, 4002) }) },
    ]),
  ],
  providers: [PeersService],
  exports: [PeersService],
})
export class PeersModule {}
