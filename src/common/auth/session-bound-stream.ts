import { GraphQLError } from 'graphql';
import { ErrorCode } from 'src/common/errors/domain-error';
import { Viewer } from './graphql-context';

/** Published when a user's sessions end (log out everywhere, password changed or reset), for their subscriptions. */
export const sessionsEndedTopic = (userId: string) => `sessions-ended:${userId}`;

/** The same event for every user, for each instance's cache of token versions. */
export const ANY_SESSIONS_ENDED = 'sessions-ended';

export interface SessionsEnded {
  sessionsEndedFor: string;
  tokenVersion: number;
}

export function isSessionsEnded(payload: unknown): payload is SessionsEnded {
  return typeof payload === 'object' && payload !== null && 'sessionsEndedFor' in payload;
}

/**
 * A subscription stream that ends with UNAUTHENTICATED as soon as the subscriber's sessions end.
 * The source must be subscribed to `sessionsEndedTopic(viewer.userId)` as well as its own topics.
 */
export async function* sessionBound<T>(source: AsyncIterable<T | SessionsEnded>, viewer: Viewer): AsyncGenerator<T> {
  for await (const payload of source) {
    if (!isSessionsEnded(payload)) {
      yield payload;
      continue;
    }
    if (payload.tokenVersion > viewer.tokenVersion) {
      throw new GraphQLError('Your session has ended; log in again', { extensions: { code: ErrorCode.UNAUTHENTICATED } });
    }
  }
}
