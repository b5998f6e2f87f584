import { Module } from '@nestjs/common';
import { Entities } from 'src/database/entity-registry';
import { User } from './user.entity';
import { MailModule } from 'src/mail/mail.module';
import { AuthLimiter } from './auth-limiter';
import { IdentityResolver } from './identity.resolver';
import { IdentityService } from './identity.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';

@Module({
  imports: [MailModule, Entities.of(User)],
  providers: [IdentityService, SessionsService, TokenService, AuthLimiter, IdentityResolver],
  exports: [IdentityService, SessionsService, TokenService],
})
export class IdentityModule {}
