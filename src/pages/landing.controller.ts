import { Controller, Get, Header, Inject } from '@nestjs/common';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { page } from './html';
import { landingPage } from './landing.views';

/** `GET /`: a short page for people who open the server's address in a browser. */
@Controller()
export class LandingController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  show(): string {
    const view = landingPage({ graphiql: !this.config.production });
    return page(view.title, view.body);
  }
}
