import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Generated, PrimaryGeneratedColumn } from 'typeorm';
import { StakeholderClass } from 'src/common/stakeholder-class';

export enum Role {
  MEMBER = 'MEMBER',
  COORDINATOR = 'COORDINATOR',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role', description: 'Roles in a cooperative, orthogonal to stakeholder classes.' });

export enum MemberStatus {
  /** Invited by address; no rights until a verified account of that address accepts. */
  INVITED = 'INVITED',
  ACTIVE = 'ACTIVE',
  LEFT = 'LEFT',
}
registerEnumType(MemberStatus, { name: 'MemberStatus' });

@ObjectType({ description: "A user's membership of one cooperative." })
@Entity('members')
export class Member {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'cooperative_id', type: 'uuid' })
  cooperativeId: string;

  /** Null while INVITED: the account is whoever accepts the invitation. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'invited_email', type: 'text', nullable: true })
  invitedEmail: string | null;

  @Field(() => StakeholderClass, { nullable: true, description: 'The class the member was invited to join, if the invitation said. Units still come only from contributions.' })
  @Column({ name: 'invited_class', type: 'text', nullable: true })
  invitedClass: StakeholderClass | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'invited_at', type: 'timestamptz', nullable: true })
  invitedAt: Date | null;

  @Field(() => [Role])
  @Column({ type: 'text', array: true })
  roles: Role[];

  @Field(() => MemberStatus)
  @Column({ type: 'text' })
  status: MemberStatus;

  /** Tie-break order for apportionment: earlier admission first, then id. */
  @Generated('increment')
  @Column({ type: 'bigint' })
  seniority: string;

  @Field()
  @Column({ name: 'admitted_at', type: 'timestamptz' })
  admittedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt: Date | null;
}
