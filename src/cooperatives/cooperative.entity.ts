import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'A fair-shares cooperative: the tenant every other record belongs to.' })
@Entity('cooperatives')
export class Cooperative {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field()
  @Column()
  slug: string;

  @Field({ description: 'ISO 4217 code; amounts have 2 minor digits.' })
  @Column({ type: 'char', length: 3 })
  currency: string;

  @Field(() => Date, { nullable: true, description: 'When founding closed (irreversible); null while it is open.' })
  @Column({ name: 'founding_closed_at', type: 'timestamptz', nullable: true })
  foundingClosedAt: Date | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  get foundingOpen(): boolean {
    return this.foundingClosedAt === null;
  }
}
