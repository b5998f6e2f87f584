import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { unauthenticated } from 'src/common/errors/domain-error';
import { IS_PUBLIC } from './auth.decorators';
import { GraphQLContext } from './graphql-context';

/** Every GraphQL root operation needs a valid token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    // Plain HTTP routes (/health) carry no identity.
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const graphql = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    if (!graphql.viewer) throw unauthenticated(graphql.authProblem ?? 'You must be logged in');
    return true;
  }
}
