import { GraphQLError } from 'graphql';
import { DomainError } from './domain-error';

/** A domain error as the GraphQL error clients see: its code, and the fields at fault if any. */
export function toGraphQLError(error: DomainError): GraphQLError {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.fields) extensions.fields = error.fields;
  return new GraphQLError(error.message, { extensions });
}
