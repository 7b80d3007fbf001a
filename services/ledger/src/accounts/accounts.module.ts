import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LedgerAccount, LedgerAccountSchema } from './schemas/ledger-account.schema.js';
import { AccountsService } from './accounts.service.js';
import { AccountsController } from './accounts.controller.js';
import { PostingsModule } from '../postings/postings.module.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: LedgerAccount.name, schema: LedgerAccountSchema }]), PostingsModule],
  controllers: [AccountsController],
  providers: [AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
