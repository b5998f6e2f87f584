import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLContext, Viewer } from './graphql-context';

export const IS_PUBLIC = 'tetrad:public';

/** Marks an operation anonymous callers may use (sign-up, log-in, a cooperative's public description). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The authenticated caller; the global AuthGuard guarantees it on non-public operations. */
export const CurrentViewer = createParamDecorator((_data: unknown, context: ExecutionContext): Viewer | undefined => {
  return GqlExecutionContext.create(context).getContext<GraphQLContext>().viewer;
});

/** The request's DataLoader set. */
export const RequestLoaders = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  return GqlExecutionContext.create(context).getContext<GraphQLContext>().loaders;
});

/** The client's network address, the key of per-client limits. */
export const ClientAddress = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return GqlExecutionContext.create(context).getContext<GraphQLContext>().req.ip ?? 'unknown';
});
