import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentsModule } from '../documents/documents.module.js';
import { WebModule } from '../web/web.module.js';
import { MailAdminService } from './mail-admin.service.js';
import { OutboxMail } from './mail-outbox.entity.js';
import { MailOutbox } from './mail-outbox.service.js';
import { MailController } from './mail.controller.js';
import { MailSender } from './mail-sender.service.js';
import { MailTemplates } from './mail-templates.service.js';
import { AdminOutboxPageController } from './web/admin-outbox.page.controller.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** The outbox (written in the caller's transaction), its sender, and the admin's view of it. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail]), DocumentsModule, WebModule],
  controllers: [MailController, AdminOutboxPageController],
  providers: [
    MailOutbox,
    MailSender,
    MailAdminService,
    {
      provide: MailTemplates,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new MailTemplates(config.documents.templatesDir),
    },
  ],
  exports: [MailOutbox, MailSender, MailTemplates],
})
export class MailModule {}
