import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentsModule } from '../documents/documents.module.js';
import { OutboxMail } from './mail-outbox.entity.js';
import { MailOutbox } from './mail-outbox.service.js';
import { MailSender } from './mail-sender.service.js';
import { MailTemplates } from './mail-templates.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** The outbox (written in the caller's transaction) and its sender. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail]), DocumentsModule],
  providers: [
    MailOutbox,
    MailSender,
    {
      provide: MailTemplates,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new MailTemplates(config.documents.templatesDir),
    },
  ],
  exports: [MailOutbox, MailSender, MailTemplates],
})
export class MailModule {}
