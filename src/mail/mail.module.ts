import { Global, Module } from '@nestjs/common';
import { JobsModule } from 'src/jobs/jobs.module';
import { DevMailboxController } from './dev-mailbox.controller';
import { MailOutbox } from './mail-outbox.service';

/** Global: any module may send mail through the outbox. */
@Global()
@Module({
  imports: [JobsModule],
  providers: [MailOutbox],
  controllers: [DevMailboxController],
  exports: [MailOutbox],
})
export class MailModule {}
