import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Generated, PrimaryGeneratedColumn } from 'typeorm';

export enum Role {
  MEMBER = 'MEMBER',
  COORDINATOR = 'COORDINATOR',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role', description: 'Roles in a cooperative, orthogonal to stakeholder classes.' });

export enum MemberStatus {
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

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

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
