import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { createDataSource, runMigrations } from './data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';

/** Owns the connection pool and, in embedded mode, the PostgreSQL process behind it. */
@Injectable()
export class DatabaseConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded?: EmbeddedDatabase;
  dataSource!: DataSource;
  /** The connection string in use, for clients that keep their own pool (the job queue). */
  url!: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async open(): Promise<DataSource> {
    if (this.config.schemaOnly) return createDataSource('postgres://schema-only.invalid/none');
    let url = this.config.databaseUrl;
    if (!url) {
      const requested = join(this.config.dataDir, 'pg');
      this.embedded = await startEmbeddedPostgres({ clusterDir: requested, database: 'tetrad', onLog: (line) => this.logger.debug(line.trim()) });
      url = this.embedded.url;
      const { clusterDir } = this.embedded;
      this.logger.log(`embedded PostgreSQL running with data in ${clusterDir}${clusterDir === requested ? '' : ` (linked from ${requested})`}`);
    }
    this.url = url;
    this.dataSource = createDataSource(url);
    await this.dataSource.initialize();
    if (this.config.migrateOnStart) {
      const applied = await runMigrations(this.dataSource);
      if (applied.length) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    }
    return this.dataSource;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    if (this.embedded) {
      await this.embedded.stop();
      this.logger.log('embedded PostgreSQL stopped');
    }
  }
}

@Global()
@Module({
  providers: [
    DatabaseConnection,
    { provide: DataSource, inject: [DatabaseConnection], useFactory: (connection: DatabaseConnection) => connection.open() },
  ],
  exports: [DataSource, DatabaseConnection],
})
export class DatabaseModule {}
