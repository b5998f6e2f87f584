import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** 200 when the database answers, 503 otherwise. */
  @Get()
  async check(@Res() reply: FastifyReply): Promise<void> {
    try {
      await this.dataSource.query('SELECT 1');
      await reply.status(HttpStatus.OK).send({ status: 'ok', database: 'up' });
    } catch {
      await reply.status(HttpStatus.SERVICE_UNAVAILABLE).send({ status: 'error', database: 'down' });
    }
  }
}
