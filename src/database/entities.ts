import { Bylaws } from 'src/cooperatives/bylaws.entity';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { User } from 'src/identity/user.entity';
import { Member } from 'src/membership/member.entity';

export const ENTITIES = [User, Cooperative, Bylaws, Member];
