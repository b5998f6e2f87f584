import { Foundation1700000000001 } from './1700000000001-foundation';

/** Every migration, in order. A schema change is a new file here, never an edit of an old one. */
export const MIGRATIONS = [Foundation1700000000001];
