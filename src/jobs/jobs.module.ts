import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';

/** One queue per process, shared by every module that has background work. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
