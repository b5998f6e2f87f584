import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { GqlArgumentsHost, GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from './domain-error';
import { GraphQLContext } from 'src/common/auth/graphql-context';
import { isDatabaseError, PG_UNIQUE_VIOLATION } from 'src/database/pg-errors';

/**
 * The one place where errors become GraphQL errors. Domain errors keep their code; anything
 * unexpected is logged with the request id and returned without internals.
 */
@Catch()
export class GraphQLErrorFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  catch(exception: unknown, host: ArgumentsHost): GraphQLError {
    if (exception instanceof DomainError) return toGraphQLError(exception);
    if (exception instanceof GraphQLError && typeof exception.extensions?.code === 'string') return exception;
    const context = GqlArgumentsHost.create(host).getContext<GraphQLContext | undefined>();
    const requestId = context?.requestId ?? 'unknown';
    if (isDatabaseError(exception) && exception.code === PG_UNIQUE_VIOLATION) {
      // A unique constraint caught a race that the service's own check could not see.
      this.logger.warn({ msg: 'unique violation answered as CONFLICT', constraint: exception.constraint, requestId });
      return toGraphQLError(new DomainError(ErrorCode.CONFLICT, 'This record already exists'));
    }
    this.logger.error({ msg: 'unexpected error', err: exception, requestId });
    return new GraphQLError(`Internal server error (request ${requestId})`, {
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
    });
  }
}

export function toGraphQLError(error: DomainError): GraphQLError {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.fields) extensions.fields = error.fields;
  return new GraphQLError(error.message, { extensions });
}
