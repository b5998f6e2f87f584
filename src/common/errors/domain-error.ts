/** The error codes clients see in `extensions.code` (API.md). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** An expected refusal: a designed outcome with a code, never a crash. */
export class DomainError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, ErrorCode.INTERNAL_SERVER_ERROR>,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The HTTP status that stands for each refusal, for plain HTTP routes (pages, exports). */
const HTTP_STATUS: Record<DomainError['code'], number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
};

export const httpStatusOf = (refusal: DomainError): number => HTTP_STATUS[refusal.code];

export const unauthenticated = (message = 'You must be logged in') => new DomainError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this') => new DomainError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (message: string) => new DomainError(ErrorCode.CONFLICT, message);
export const badInput = (fields: FieldProblem[], message = 'Invalid input') =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${message}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
