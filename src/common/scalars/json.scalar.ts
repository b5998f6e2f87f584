import { GraphQLError, GraphQLScalarType } from 'graphql';
import { ErrorCode } from 'src/common/errors/domain-error';

const outputOnly = (): never => {
  throw new GraphQLError('JSON values are output only', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
};

/** Arbitrary JSON, for audit event details; never accepted as input. */
const GraphQLJSON = new GraphQLScalarType({
  name: 'JSON',
  description: 'Arbitrary JSON (output only).',
  serialize: (value: unknown) => value,
  parseValue: outputOnly,
  parseLiteral: outputOnly,
});

export default GraphQLJSON;
