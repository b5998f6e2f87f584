import { Module } from '@nestjs/common';
import { MailModule } from 'src/mail/mail.module';
import { AuthLimiter } from './auth-limiter';
import { IdentityResolver } from './identity.resolver';
import { IdentityService } from './identity.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';

@Module({
  imports: [MailModule],
  providers: [IdentityService, SessionsService, TokenService, AuthLimiter, IdentityResolver],
  exports: [IdentityService, SessionsService, TokenService],
})
export class IdentityModule {}
