import { Module } from '@nestjs/common';
import { IdentityResolver } from './identity.resolver';
import { IdentityService } from './identity.service';
import { TokenService } from './token.service';

@Module({
  providers: [IdentityService, TokenService, IdentityResolver],
  exports: [IdentityService, TokenService],
})
export class IdentityModule {}
