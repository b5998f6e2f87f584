import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { BREAK, DocumentNode, GraphQLSchema, Kind, NoSchemaIntrospectionCustomRule, visit } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { ErrorCode } from 'src/common/errors/domain-error';
import { AppConfig } from 'src/config/config';
import { costRefusal, QueryLimits, shapeRefusal, tokenRefusal } from './query-limits';

/** PageArgs.first's default (src/common/pagination/connection.ts), for a page size the schema leaves open. */
const DEFAULT_PAGE_SIZE = 20;

type Hooks = NonNullable<MercuriusDriverConfig['hooks']>;

/** Thrown from a hook, mercurius answers it with this status and these extensions (like its own ErrorWithProps). */
export class QueryRefused extends Error {
  readonly statusCode = 400;
  readonly extensions = { code: ErrorCode.BAD_USER_INPUT };
}

function refuse(message: string | undefined): void {
  if (message !== undefined) throw new QueryRefused(message);
}

/** The operation the client asked for: mercurius's preExecution hook is not told, the request is. */
export function requestedOperationName(request: { body?: unknown; query?: unknown } | undefined): string | undefined {
  for (const params of [request?.body, request?.query]) {
    if (typeof params === 'object' && params !== null && 'operationName' in params && typeof params.operationName === 'string') return params.operationName;
  }
  return undefined;
}

/** A document whose cost is the same on every request: one operation, no variables. */
function hasFixedCost(document: DocumentNode): boolean {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 && !operations[0].variableDefinitions?.length;
}

/**
 * Whether variables can change the cost: only a page size (`first: $n`) or a `@skip`/`@include`
 * condition can. Other variables (ids, inputs) never do, so such a document costs the same for every
 * value of them and its verdict can be remembered per operation name.
 */
export function costDependsOnVariables(document: DocumentNode): boolean {
  let depends = false;
  const check = (found: boolean) => {
    depends ||= found;
    return depends ? BREAK : undefined;
  };
  visit(document, {
    Field: (field) => check(field.arguments?.some((argument) => argument.name.value === 'first' && argument.value.kind === Kind.VARIABLE) ?? false),
    Directive: (directive) => check(directive.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE) ?? false),
  });
  return depends;
}

/**
 * Mercurius hooks that refuse a document before it runs: too many tokens before parsing, too many
 * aliases (or fields) before validation, too high a cost before execution. Validated documents are
 * cached by mercurius, so only the cost runs on every request, and even that is remembered for a
 * document without variables. A limit set to 0 adds no hook at all.
 */
export function queryLimitHooks(limits: QueryLimits): Hooks {
  const hooks: Hooks = {};
  if (limits.maxTokens > 0) {
    hooks.preParsing = (_schema: GraphQLSchema, source: string) => refuse(tokenRefusal(source, limits.maxTokens));
    hooks.preSubscriptionParsing = hooks.preParsing;
  }
  if (limits.maxTokens > 0 || limits.maxAliases > 0) {
    hooks.preValidation = (_schema: GraphQLSchema, document: DocumentNode) => refuse(shapeRefusal(document, limits));
    hooks.preSubscriptionExecution = hooks.preValidation;
  }
  if (limits.maxCost > 0) {
    const refusals = new WeakMap<DocumentNode, string | undefined>();
    /** Verdicts of documents whose variables cannot change the cost, per operation name. */
    const refusalsByName = new WeakMap<DocumentNode, Map<string | undefined, string | undefined>>();
    const variableCost = new WeakMap<DocumentNode, boolean>();
    hooks.preExecution = (schema: GraphQLSchema, document: DocumentNode, context: MercuriusContext, variables: Record<string, unknown> | undefined) => {
      if (refusals.has(document)) return refuse(refusals.get(document));
      if (hasFixedCost(document)) {
        // Costed as its only operation whatever name the client sent, so the verdict holds for every request.
        const refusal = costRefusal({ schema, document }, limits.maxCost, DEFAULT_PAGE_SIZE);
        refusals.set(document, refusal);
        return refuse(refusal);
      }
      const operationName = requestedOperationName(context.reply?.request);
      if (!variableCost.has(document)) variableCost.set(document, costDependsOnVariables(document));
      if (variableCost.get(document)) return refuse(costRefusal({ schema, document, variables, operationName }, limits.maxCost, DEFAULT_PAGE_SIZE));
      let byName = refusalsByName.get(document);
      if (!byName) refusalsByName.set(document, (byName = new Map<string | undefined, string | undefined>()));
      // A client can send any operation name; only the document's own names are worth remembering.
      if (!byName.has(operationName) && byName.size < 16) byName.set(operationName, costRefusal({ schema, document, variables, operationName }, limits.maxCost, DEFAULT_PAGE_SIZE));
      refuse(byName.has(operationName) ? byName.get(operationName) : costRefusal({ schema, document, variables, operationName }, limits.maxCost, DEFAULT_PAGE_SIZE));
    };
  }
  return hooks;
}

/**
 * Mercurius options for the abuse limits: the query limits above, no batched queries (each would be
 * one more document per request), and in production no introspection and no "Did you mean …?" from
 * validation (the error formatter strips the ones other errors carry).
 */
export function queryLimitOptions(config: AppConfig): Pick<MercuriusDriverConfig, 'hooks' | 'validationRules' | 'allowBatchedQueries' | 'graphql'> {
  // graphql-js (16.9+) takes hideSuggestions; mercurius's types predate it.
  const validateOptions: { maxErrors?: number; hideSuggestions: boolean } = { hideSuggestions: config.production };
  return {
    hooks: queryLimitHooks(config.queryLimits),
    allowBatchedQueries: false,
    validationRules: config.production ? [NoSchemaIntrospectionCustomRule] : [],
    graphql: { validateOptions },
  };
}
