import { FastifyReply, FastifyRequest } from 'fastify';
import { Loaders } from 'src/common/loaders/loaders';

export interface Viewer {
  userId: string;
  /** The token version the request was authenticated with (see TokenService). */
  tokenVersion: number;
}

/** Built once per request (and per subscription connection). */
export interface GraphQLContext {
  req: FastifyRequest;
  reply?: FastifyReply;
  requestId: string;
  viewer?: Viewer;
  /** Why a presented token was not accepted; reported only when an operation needs a viewer. */
  authProblem?: string;
  loaders: Loaders;
}
