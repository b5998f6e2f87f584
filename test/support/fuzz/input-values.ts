import fc from 'fast-check';
import { GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType } from 'graphql';
import { booleanValue, dateTimeValue, dateValue, decimalValue, floatValue, idValue, intValue, SeededData, stringValue, wrongType } from './scalar-values';

/** An argument or input field left out of the request altogether. */
export const OMIT = Symbol('omit');

export interface ValueOptions {
  seeded: SeededData;
  /** The chance that a value is hostile rather than plausible: low makes one bad field among valid ones. */
  hostility: number;
}

function mix(plausible: fc.Arbitrary<unknown>, nasty: fc.Arbitrary<unknown>, hostility: number): fc.Arbitrary<unknown> {
  const bad = Math.round(hostility * 100);
  return fc.oneof({ arbitrary: plausible, weight: 100 - bad }, { arbitrary: nasty, weight: bad });
}

function scalarValue(typeName: string, name: string, options: ValueOptions): fc.Arbitrary<unknown> {
  const pick = (() => {
    switch (typeName) {
      case 'ID':
        return idValue(name, options.seeded);
      case 'String':
        return stringValue(name, options.seeded);
      case 'Int':
        return intValue(name);
      case 'Float':
        return floatValue;
      case 'Boolean':
        return booleanValue;
      case 'Decimal':
        return decimalValue;
      case 'DateTime':
        return dateTimeValue;
      case 'Date':
        return dateValue;
      default:
        return { plausible: stringValue(name, options.seeded).plausible, nasty: wrongType };
    }
  })();
  return mix(pick.plausible, pick.nasty, options.hostility);
}

/**
 * Values for an input type read from the schema: mostly plausible, sometimes hostile (wrong types,
 * nulls for required values, unknown enum values and fields, the scalars' edge cases). `name` is the
 * argument or field name, which steers plausible values (an `after` gets cursors, a `slug` the real one).
 */
export function inputValue(type: GraphQLInputType, name: string, options: ValueOptions, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    const missing = Math.round(options.hostility * 20);
    return fc.oneof({ arbitrary: presentValue(type.ofType, name, options, depth), weight: 100 }, { arbitrary: fc.constantFrom<unknown>(null, OMIT), weight: missing });
  }
  return fc.oneof(
    { arbitrary: presentValue(type, name, options, depth), weight: 60 },
    { arbitrary: fc.constant<unknown>(OMIT), weight: 30 },
    { arbitrary: fc.constant<unknown>(null), weight: 10 },
  );
}

/** A value that is there (not null, not omitted), of the type or hostile. */
function presentValue(type: GraphQLInputType, name: string, options: ValueOptions, depth: number): fc.Arbitrary<unknown> {
  const h = options.hostility;
  if (isNonNullType(type)) return presentValue(type.ofType, name, options, depth);
  if (isListType(type)) {
    const item = inputValue(type.ofType, name, options, depth + 1);
    return mix(fc.array(item, { maxLength: 4 }), fc.oneof(item, fc.array(item, { minLength: 20, maxLength: 60 }), wrongType), h);
  }
  if (isScalarType(type)) return scalarValue(type.name, name, options);
  if (isEnumType(type)) {
    const valid = fc.constantFrom(...type.getValues().map((v) => v.name));
    return mix(valid, fc.oneof(fc.constantFrom<unknown>('NOT_A_VALUE', 'yes_no', '', 0), valid.map((v) => v.toLowerCase()), wrongType), h);
  }
  if (isInputObjectType(type) && depth <= 4) {
    const fields = Object.values(type.getFields());
    const record = fc.tuple(...fields.map((field) => inputValue(field.type, field.name, options, depth + 1))).map((values) => {
      const object: Record<string, unknown> = {};
      fields.forEach((field, i) => {
        if (values[i] !== OMIT) object[field.name] = values[i];
      });
      return object;
    });
    const withUnknownField = record.map((object) => ({ ...object, notAField: 'surprise' }));
    return mix(record, fc.oneof(withUnknownField, wrongType), h / 2);
  }
  return wrongType;
}
