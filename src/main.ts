import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { EmbeddedPostgresError } from './database/embedded-postgres';
import { reportStartFailure, serve } from './serve';

/** A database that cannot start or a bad setting is a fact about this machine: one line says what to do. */
export const isKnownStartFailure = (error: unknown) => error instanceof EmbeddedPostgresError || error instanceof ConfigError;

if (require.main === module) {
  Promise.resolve()
    .then(() => serve(loadConfig()))
    .catch((error: unknown) => reportStartFailure(error, isKnownStartFailure));
}
