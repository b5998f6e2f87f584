import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/** A YYYY-MM-DD date no later than today (UTC): contributions are recorded after they happen. */
@ValidatorConstraint({ name: 'notInFuture' })
export class NotInFuture implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value <= new Date().toISOString().slice(0, 10);
  }

  defaultMessage(): string {
    return 'must not be in the future';
  }
}
