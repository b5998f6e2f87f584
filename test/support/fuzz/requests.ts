import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientSchema, buildSchema, getIntrospectionQuery, GraphQLSchema, IntrospectionQuery } from 'graphql';
import { TestServer } from '../harness';
import { classify, Outcome } from './outcome';
import { FuzzCase } from './operations';

/** The schema the running server serves; the committed schema.graphql if introspection is refused. */
export async function servedSchema(server: TestServer, token: string): Promise<GraphQLSchema> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: getIntrospectionQuery() }) });
  const body = (await response.json()) as { data?: IntrospectionQuery };
  if (body.data) return buildClientSchema(body.data);
  return buildSchema(readFileSync(join(__dirname, '..', '..', '..', 'schema.graphql'), 'utf8'));
}

/** Sends one case (variables in the body, or none when the values are inline) and classifies the answer. */
export async function send(server: TestServer, token: string, fuzzCase: FuzzCase): Promise<Outcome> {
  try {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: fuzzCase.document, ...(fuzzCase.inline ? {} : { variables: fuzzCase.variables }) }),
    });
    return classify(response.status, await response.text(), fuzzCase.root);
  } catch (error) {
    return { code: 'NO_RESPONSE', succeeded: false, internal: `request failed: ${String(error)}` };
  }
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapInFlight<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Whether the fuzzing user is still an ADMIN of its cooperative (a fuzzed mutation could take that away). */
export async function stillAdmin(server: TestServer, token: string, slug: string): Promise<boolean> {
  const data = await server.request<{ cooperative: { myMembership: { roles: string[]; status: string } | null } | null }>('query ($slug: String!) { cooperative(slug: $slug) { myMembership { roles status } } }', { slug }, token).catch(() => null);
  const membership = data?.cooperative?.myMembership;
  return !!membership && membership.status === 'ACTIVE' && membership.roles.includes('ADMIN');
}

/** A fresh token for a factory-made user (their password is the factories' one), or undefined. */
export async function logIn(server: TestServer, email: string): Promise<string | undefined> {
  const data = await server
    .request<{ logIn: { token: string } }>('mutation ($input: LogInInput!) { logIn(input: $input) { token } }', { input: { email, password: 'correct horse battery' } })
    .catch(() => undefined);
  return data?.logIn.token;
}
