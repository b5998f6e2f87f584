import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlArgumentsHost, GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from './domain-error';
import { toGraphQLError } from './graphql-errors';
import { GraphQLContext } from 'src/common/auth/graphql-context';
import { inputValueMessage, isDatabaseError, isInputValueError, PG_UNIQUE_VIOLATION } from 'src/database/pg-errors';

/**
 * The one place where errors become GraphQL errors. Domain errors keep their code; values that
 * PostgreSQL refused become BAD_USER_INPUT; anything unexpected is logged with the request id and
 * returned without internals.
 */
@Catch()
export class GraphQLErrorFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  override catch(exception: unknown, host: ArgumentsHost): GraphQLError | void {
    // Plain HTTP routes (/health, the link pages, /dev/mailbox) get Nest's own answers: a 404 stays a 404, not a logged error.
    if (host.getType<GqlContextType>() !== 'graphql') return super.catch(exception, host);
    if (exception instanceof DomainError) return toGraphQLError(exception);
    if (exception instanceof GraphQLError && typeof exception.extensions?.code === 'string') return exception;
    const context = GqlArgumentsHost.create(host).getContext<GraphQLContext | undefined>();
    const requestId = context?.requestId ?? 'unknown';
    if (isDatabaseError(exception) && exception.code === PG_UNIQUE_VIOLATION) {
      // A unique constraint caught a race that the service's own check could not see.
      this.logger.warn({ msg: 'unique violation answered as CONFLICT', constraint: exception.constraint, requestId });
      return toGraphQLError(new DomainError(ErrorCode.CONFLICT, 'This record already exists'));
    }
    if (isInputValueError(exception)) {
      // A safety net: validation should have refused the value before PostgreSQL saw it.
      const detail = exception instanceof Error ? exception.message.slice(0, 300) : undefined;
      this.logger.warn({ msg: 'database refused an input value; answered as BAD_USER_INPUT', sqlstate: exception.code, constraint: exception.constraint, detail, requestId });
      return toGraphQLError(new DomainError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${inputValueMessage(exception.code)}`));
    }
    this.logger.error({ msg: 'unexpected error', err: exception, requestId });
    return new GraphQLError(`Internal server error (request ${requestId})`, {
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
    });
  }
}

export { toGraphQLError };
