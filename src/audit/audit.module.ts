import { Global, Module } from '@nestjs/common';
import { MembershipModule } from 'src/membership/membership.module';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** Global: every module appends to the audit chain inside its own transactions. */
@Global()
@Module({
  imports: [MembershipModule],
  providers: [AuditService, AuditResolver],
  exports: [AuditService],
})
export class AuditModule {}
