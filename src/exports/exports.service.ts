import { Inject, Injectable } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { badInput, notFound, unauthenticated } from 'src/common/errors/domain-error';
import { isUuid } from 'src/common/validation/uuid';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { authenticate } from 'src/graphql/graphql.options';
import { TokenService } from 'src/identity/token.service';
import { CsvExport } from './csv-export';
import { CsvStreamer } from './csv-stream';

export const CSV_EXPORTS = Symbol('CSV_EXPORTS');

export interface ExportCall {
  authorization: unknown;
  cooperativeId: string;
  file: string;
  query: Record<string, unknown>;
}

/** Resolves `GET /exports/:cooperativeId/:name.csv` to an export the caller may read, and streams it. */
@Injectable()
export class ExportsService {
  private readonly byName: Map<string, CsvExport>;

  constructor(
    private readonly tokens: TokenService,
    private readonly cooperatives: CooperativesService,
    private readonly streamer: CsvStreamer,
    @Inject(CSV_EXPORTS) exports: CsvExport[],
  ) {
    this.byName = new Map(exports.map((e) => [e.name, e]));
  }

  async send(reply: FastifyReply, call: ExportCall): Promise<void> {
    const { viewer, authProblem } = await authenticate(this.tokens, call.authorization);
    if (!viewer) throw unauthenticated(authProblem ?? 'You must be logged in: send "Authorization: Bearer <token>"');
    if (!isUuid(call.cooperativeId)) throw badInput([{ field: 'cooperativeId', message: 'must be a UUID' }]);
    const name = /^(.+)\.csv$/.exec(call.file)?.[1];
    const csvExport = name === undefined ? undefined : this.byName.get(name);
    if (!csvExport) throw notFound(`Export "${call.file}"`);
    const cooperative = await this.cooperatives.byId(call.cooperativeId);
    const plan = await csvExport.plan({ viewer, cooperative, query: call.query });
    await this.streamer.send(reply, `${cooperative.slug}-${csvExport.name}.csv`, plan);
  }
}
