import { MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from 'src/config/config';
import { createErrorFormatter } from 'src/common/errors/error-formatter';
import { GraphQLContext, Viewer } from 'src/common/auth/graphql-context';
import { Loaders } from 'src/common/loaders/loaders';
import { TokenService } from 'src/identity/token.service';
import { DateTimeScalar } from 'src/common/scalars/date-time.scalar';
import { guardScalarArguments } from 'src/common/validation/guard-arguments';
import { SubscriptionEmitter } from './subscription-emitter';
import { queryLimitOptions } from './query-limit-hooks';

/** Reads an `Authorization: Bearer <token>` value into a viewer, or an explanation of why not. */
export async function authenticate(tokens: TokenService, header: unknown): Promise<{ viewer?: Viewer; authProblem?: string }> {
  if (header === undefined || header === null || header === '') return {};
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) return { authProblem: 'The Authorization header must be "Bearer <token>"' };
  const verified = await tokens.verify(match[1]);
  return 'problem' in verified ? { authProblem: verified.problem } : { viewer: verified };
}

/** Once per HTTP request (and per subscription connection): the viewer and a fresh DataLoader set. */
export async function buildContext(tokens: TokenService, req: FastifyRequest, reply?: FastifyReply): Promise<GraphQLContext> {
  return { req, reply, requestId: String(req.id), loaders: new Loaders(), ...(await authenticate(tokens, req.headers.authorization)) };
}

export function graphqlOptions(config: AppConfig, tokens: TokenService, events: SubscriptionEmitter): MercuriusDriverConfig {
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    // DateTime is ours (strict RFC 3339 on input); ID and String arguments are checked after coercion.
    buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'integer', scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
    transformSchema: (schema) => guardScalarArguments(schema),
    graphiql: !config.production,
    // Compile a query to a specialised function after it has run once.
    jit: 1,
    queryDepth: 12,
    // No "Did you mean …?" in production: with introspection off, suggestions would still map the schema.
    errorFormatter: createErrorFormatter({ suggestions: !config.production }),
    ...queryLimitOptions(config),
    // Field resolvers (cooperative.capTable, …) check access too; their refusals need the same mapping.
    fieldResolverEnhancers: ['filters'],
    context: (req: FastifyRequest, reply: FastifyReply) => buildContext(tokens, req, reply),
    // graphql-ws on the same path; the token may come in the upgrade request or in connection_init's payload.
    subscription: {
      ...(events.emitter && { emitter: events.emitter }),
      context: (_socket: unknown, req: FastifyRequest) => buildContext(tokens, req),
      onConnect: ({ payload }: { payload?: Record<string, unknown> | null }) => {
        const header = payload?.authorization ?? payload?.Authorization;
        return header === undefined ? true : authenticate(tokens, header);
      },
    },
  };
}
