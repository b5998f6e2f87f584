import { unauthenticated } from 'src/common/errors/domain-error';
import { Viewer } from './graphql-context';

/** Field resolvers are not behind the guard (only root operations are), so they check here. */
export function requireViewer(viewer: Viewer | undefined): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}
