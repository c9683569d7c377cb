import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentsModule } from '../documents/documents.module.js';
import { OutboxMail } from './mail-outbox.entity.js';
import { MailOutbox } from './mail-outbox.service.js';
import { MailSender } from './mail-sender.service.js';

/** The outbox (written in the caller's transaction) and its sender. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail]), DocumentsModule],
  providers: [MailOutbox, MailSender],
  exports: [MailOutbox, MailSender],
})
export class MailModule {}
