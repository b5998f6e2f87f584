import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict } from 'src/common/errors/domain-error';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { issueTokens, retireTokens, TOKEN_LIFETIME_SECONDS, TokenPurpose } from 'src/identity/action-tokens';
import { IdentityService } from 'src/identity/identity.service';
import { MailOutbox } from 'src/mail/mail-outbox.service';
import { licenseeInvitationMail } from 'src/mail/mail-templates';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { Licensee } from './licensing.entities';
import { LicensingService } from './licensing.service';

/**
 * A licensee's account is linked the way members join: a coordinator sends an invitation to the
 * licensee's address, and a verified account of that address accepts it. Signing up with the
 * address grants nothing.
 */
@Injectable()
export class LicenseeAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly licensing: LicensingService,
    private readonly membership: MembershipService,
    private readonly identity: IdentityService,
    private readonly mail: MailOutbox,
    private readonly audit: AuditService,
  ) {}

  invite(userId: string, licenseeId: string): Promise<Licensee> {
    return inTransaction(this.dataSource, async (manager) => {
      const licensee = await this.licensing.lockLicensee(manager, licenseeId);
      await this.membership.requireMember(userId, licensee.cooperativeId, [Role.COORDINATOR], manager);
      if (licensee.userId) throw conflict('This licensee already has a linked account');
      await retireTokens(manager, TokenPurpose.LICENSEE_INVITATION, { subjectId: licensee.id });
      const [token] = await issueTokens(manager, TokenPurpose.LICENSEE_INVITATION, [{ email: licensee.email, subjectId: licensee.id }]);
      const [cooperative] = await manager.query<{ name: string }[]>('SELECT name FROM cooperatives WHERE id = $1', [licensee.cooperativeId]);
      const days = TOKEN_LIFETIME_SECONDS[TokenPurpose.LICENSEE_INVITATION] / 86_400;
      await this.mail.enqueue(manager, licensee.email, licenseeInvitationMail(this.mail.baseUrl, token, licensee.name, cooperative.name, days));
      await this.audit.record(manager, { cooperativeId: licensee.cooperativeId, actorUserId: userId, action: 'LICENSEE_ACCOUNT_INVITED', subjectId: licensee.id });
      return licensee;
    });
  }

  accept(userId: string, token: string): Promise<Licensee> {
    return inTransaction(this.dataSource, async (manager) => {
      const invitation = await this.identity.redeemInvitation(manager, TokenPurpose.LICENSEE_INVITATION, token, userId);
      const licensee = await this.licensing.lockLicensee(manager, invitation.subjectId!);
      if (licensee.userId) throw conflict('This licensee already has a linked account');
      if (licensee.email !== invitation.email) throw conflict("This invitation is no longer valid: the licensee's address has changed");
      await manager.query('UPDATE licensees SET user_id = $2 WHERE id = $1', [licensee.id, userId]);
      await this.audit.record(manager, { cooperativeId: licensee.cooperativeId, actorUserId: userId, action: 'LICENSEE_ACCOUNT_LINKED', subjectId: licensee.id });
      return { ...licensee, userId };
    });
  }
}
