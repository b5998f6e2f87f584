import { MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from 'src/config/config';
import { errorFormatter } from 'src/common/errors/error-formatter';
import { GraphQLContext } from 'src/common/auth/graphql-context';
import { Loaders } from 'src/common/loaders/loaders';
import { TokenService } from 'src/identity/token.service';

/** Reads the bearer token once per request; resolvers see a viewer or an explanation. */
export function buildContext(tokens: TokenService, req: FastifyRequest, reply?: FastifyReply): GraphQLContext {
  const context: GraphQLContext = { req, reply, requestId: String(req.id), loaders: new Loaders() };
  const header = req.headers.authorization;
  if (!header) return context;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { ...context, authProblem: 'The Authorization header must be "Bearer <token>"' };
  const verified = tokens.verify(match[1]);
  return 'problem' in verified ? { ...context, authProblem: verified.problem } : { ...context, viewer: verified };
}

export function graphqlOptions(config: AppConfig, tokens: TokenService): MercuriusDriverConfig {
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'integer' },
    graphiql: !config.production,
    // Compile a query to a specialised function after it has run once.
    jit: 1,
    queryDepth: 12,
    errorFormatter,
    // Field resolvers (cooperative.capTable, …) check access too; their refusals need the same mapping.
    fieldResolverEnhancers: ['filters'],
    context: (req: FastifyRequest, reply: FastifyReply) => buildContext(tokens, req, reply),
  };
}
