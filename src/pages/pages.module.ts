import { Module } from '@nestjs/common';
import { CooperativesModule } from 'src/cooperatives/cooperatives.module';
import { IdentityModule } from 'src/identity/identity.module';
import { LicensingModule } from 'src/licensing/licensing.module';
import { MembershipModule } from 'src/membership/membership.module';
import { LandingController } from './landing.controller';
import { LinkPagesController } from './link-pages.controller';

/** Server-rendered pages: the landing page at `/`, and the pages behind the links in mail (verify an address, reset a password, accept invitations). */
@Module({
  imports: [IdentityModule, MembershipModule, CooperativesModule, LicensingModule],
  controllers: [LandingController, LinkPagesController],
})
export class PagesModule {}
