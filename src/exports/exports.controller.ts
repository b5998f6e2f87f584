import { Controller, Get, Logger, Param, Query, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from 'src/common/errors/domain-error';
import { sendRefusal, statusOf } from './export-refusal';
import { ExportsService } from './exports.service';

/** `GET /exports/:cooperativeId/<name>.csv` with `Authorization: Bearer <token>`: a CSV file, or a one-line text/plain refusal. */
@Controller('exports')
export class ExportsController {
  private readonly logger = new Logger('Exports');

  constructor(private readonly exports: ExportsService) {}

  @Get(':cooperativeId/:file')
  async download(
    @Param('cooperativeId') cooperativeId: string,
    @Param('file') file: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.exports.send(reply, { authorization: request.headers.authorization, cooperativeId, file, query });
    } catch (error) {
      if (error instanceof DomainError) return sendRefusal(reply, statusOf(error), error.message);
      this.logger.error({ msg: 'export failed', err: error, requestId: request.id });
      return sendRefusal(reply, 500, `Internal server error (request ${request.id})`);
    }
  }
}
