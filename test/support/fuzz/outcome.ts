export interface Outcome {
  /** 'OK' without errors; otherwise the first error's code, or HTTP_<status> for a refusal outside GraphQL. */
  code: string;
  /**
   * The root field's resolver returned a value (for a mutation: it ran and may have written), even
   * when an error in a field selected under it then nulled it.
   */
  succeeded: boolean;
  /** Why the response is a crash, when it is one. */
  internal?: string;
}

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: unknown } }[];
}

/** Classifies one HTTP response to a fuzz case. */
export function classify(status: number, body: string, root: string): Outcome {
  let response: GraphQLResponse;
  try {
    response = JSON.parse(body) as GraphQLResponse;
  } catch {
    return { code: `HTTP_${status}`, succeeded: false, internal: status >= 500 ? `HTTP ${status} without JSON: ${body.slice(0, 300)}` : undefined };
  }
  const errors = Array.isArray(response.errors) ? response.errors : [];
  const succeeded = response.data?.[root] != null || errors.some((error) => (error.path?.length ?? 0) > 1);
  const crash = errors.find((error) => typeof error.extensions?.code !== 'string' || error.extensions.code === 'INTERNAL_SERVER_ERROR');
  if (crash) return { code: typeof crash.extensions?.code === 'string' ? crash.extensions.code : 'NO_CODE', succeeded, internal: crash.message };
  if (errors.length) return { code: typeof errors[0].extensions?.code === 'string' ? errors[0].extensions.code : 'NO_CODE', succeeded };
  if (!('data' in response)) return { code: `HTTP_${status}`, succeeded: false, internal: status >= 500 ? body.slice(0, 300) : undefined };
  return { code: status >= 500 ? `HTTP_${status}` : 'OK', succeeded, internal: status >= 500 ? body.slice(0, 300) : undefined };
}
