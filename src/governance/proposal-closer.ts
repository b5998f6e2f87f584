import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { ClosingService } from './closing.service';

/**
 * The background closer: freezes the electorate of proposals whose opensAt has come, and closes
 * those past closesAt. The timer only decides when to look; exactly-once closing rests on row
 * locks with SKIP LOCKED and the outcome's primary key, so any number of instances may run it.
 */
@Injectable()
export class ProposalCloser implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ProposalCloser');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly closing: ClosingService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.schemaOnly || this.config.closerIntervalMs === 0) return;
    this.timer = setInterval(() => this.tick(), this.config.closerIntervalMs);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.closing
      .snapshotOpened()
      .then(() => this.closing.closeDue())
      .then((closed) => closed && this.logger.log(`closed ${closed} due proposal(s)`))
      .catch((error: unknown) => this.logger.error({ msg: 'closing due proposals failed', err: error }))
      .finally(() => (this.running = undefined));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
