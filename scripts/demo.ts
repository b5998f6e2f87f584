import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from 'src/config/config';
import { isKnownStartFailure } from 'src/main';
import { reportStartFailure, serve } from 'src/serve';
import { DemoClient } from './demo/client';
import { DEMO_PASSWORD, DEMO_SLUG, DemoSeed } from './demo/seed';

/**
 * `npm run demo`: starts the server on the development database, seeds a demo cooperative through the
 * GraphQL API the first time (worked example V1's electorate, proposals, a surplus with an open
 * co-budget round, a licensee with invoices and a payment), prints how to log in as each persona, and
 * keeps serving.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.production) throw new Error('npm run demo seeds made-up people and passwords; it refuses to run with NODE_ENV=production');
  const { app, url } = await serve(config);
  const seed = new DemoSeed(new DemoClient(url, app.get(DataSource)));
  const started = Date.now();
  const fresh = !(await seed.exists());
  const personas = fresh ? await seed.run() : null;
  const lines = [
    '',
    fresh ? `Seeded the demo cooperative "${DEMO_SLUG}" in ${((Date.now() - started) / 1000).toFixed(1)} s.` : `The demo cooperative "${DEMO_SLUG}" is already seeded in this database.`,
    `GraphiQL: ${url}/graphiql    Landing page: ${url}/    Mail sent in development: ${url}/dev/mailbox`,
    `Log in with  mutation { logIn(input: { email: "<email>", password: "${DEMO_PASSWORD}" }) { token } }`,
    'and send the token as the header  Authorization: Bearer <token>',
    ...(personas ?? [
      { role: 'coordinator', email: 'coordinator@demo.example', does: '' },
      { role: 'member', email: 'worker1@demo.example', does: '' },
      { role: 'licensee', email: 'acme@demo.example', does: '' },
    ]).map((p) => `  ${p.role.padEnd(12)} ${p.email.padEnd(28)} ${p.does}`),
    'Every other member (founder1-2, funder1-4, worker1-10, user1-20 @demo.example) has the same password.',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: unknown) => reportStartFailure(error, isKnownStartFailure));
