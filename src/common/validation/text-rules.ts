const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
/** JavaScript's \s (Unicode spaces, line breaks, BOM) and the zero-width characters. */
const BLANK = /^[\s\u200B-\u200D\u2060]*$/;

/**
 * What no text may contain, whatever the field: PostgreSQL refuses NUL in text, and a lone UTF-16
 * surrogate would reach the database as U+FFFD, silently changing what the client sent.
 */
export function unstorableTextProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (it contains a lone surrogate)';
  return undefined;
}

/** True for text made only of whitespace, including the empty string. */
export function isBlank(value: string): boolean {
  return BLANK.test(value);
}

/** Length in Unicode code points, as PostgreSQL's length() counts it (class-validator's Length does not count variation selectors). */
export function characterCount(value: string): number {
  return value.length - (value.match(SURROGATE_PAIR)?.length ?? 0);
}
