import { escapeHtml } from './html';

/**
 * What to try first. Mercurius's GraphiQL takes no initial query from its URL (its page renders
 * GraphiQL without a `query` prop), so the example is shown here to copy.
 */
export const EXAMPLE_OPERATION = `query {
  cooperative(slug: "open-bakery") {
    name
    currency
    bylaws { version reservePercent dividendPercent cobudgetPercent }
  }
}`;

/** The documentation in the repository; the server does not serve it. */
const DOCS: [path: string, what: string][] = [
  ['docs/api-guide.md', 'the API in the order a cooperative uses it, one example per operation'],
  ['docs/architecture.md', 'modules, access rules and how a request is handled'],
  ['docs/licensing.md', 'double licensing: fees, invoices, payments and standing'],
  ['schema.graphql', 'the GraphQL contract, generated from the code'],
];

/** The page at `/`: where the API, its playground (outside production), the docs and the health check are. */
export function landingPage({ graphiql }: { graphiql: boolean }): { title: string; body: string } {
  const playground = graphiql
    ? `<p>Try it in <a href="/graphiql">GraphiQL</a>: paste the operation below, and add an <code>Authorization: Bearer &lt;token&gt;</code> header (from <code>signUp</code> or <code>logIn</code>) for anything beyond public data.</p>`
    : '<p>GraphiQL is off on this server (production). Use any GraphQL client with the operation below.</p>';
  const docs = DOCS.map(([path, what]) => `<li><code>${escapeHtml(path)}</code>: ${escapeHtml(what)}</li>`).join('');
  return {
    title: 'Tetrad',
    body: `<p>The system of record and decision-making of fair-shares cooperatives. Its API is GraphQL at <code>POST /graphql</code> (subscriptions over graphql-ws on the same path).</p>
${playground}
<pre><code>${escapeHtml(EXAMPLE_OPERATION)}</code></pre>
<h2>Documentation</h2>
<p>In the Tetrad repository (this server does not serve it):</p>
<ul>${docs}</ul>
<h2>Health</h2>
<p><a href="/health">/health</a> answers 200 while the database does, 503 otherwise.</p>`,
  };
}
