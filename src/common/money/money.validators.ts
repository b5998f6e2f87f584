import Decimal from 'decimal.js';
import { registerDecorator, ValidationOptions } from 'class-validator';

function decimalRule(name: string, test: (value: Decimal) => boolean, message: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: (value: unknown) => value instanceof Decimal && test(value) },
    });
}

/** Money has at most 2 decimals; more is refused, never rounded. */
export const IsMoney = (options?: ValidationOptions) =>
  decimalRule('isMoney', (v) => v.decimalPlaces() <= 2 && v.abs().lt('1e15'), 'must be an amount with at most 2 decimals', options);

export const IsPositiveDecimal = (options?: ValidationOptions) => decimalRule('isPositiveDecimal', (v) => v.gt(0), 'must be greater than 0', options);

export const IsNonNegativeDecimal = (options?: ValidationOptions) => decimalRule('isNonNegativeDecimal', (v) => v.gte(0), 'must not be negative', options);

export const MaxDecimalPlaces = (places: number, options?: ValidationOptions) =>
  decimalRule('maxDecimalPlaces', (v) => v.decimalPlaces() <= places, `must have at most ${places} decimals`, options);
