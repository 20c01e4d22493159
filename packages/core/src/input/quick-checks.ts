import { INPUT_LIMITS, unstorableText, utf8Length } from './input-limits';

/** What `idSchema` accepts. */
export function isStorableId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= INPUT_LIMITS.maxIdLength &&
    unstorableText(value) === undefined
  );
}

/** What `textSchema` accepts. */
export function isStorableText(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= INPUT_LIMITS.maxTextBytes &&
    utf8Length(value) <= INPUT_LIMITS.maxTextBytes &&
    unstorableText(value) === undefined
  );
}

/** Only `undefined`: the check of an optional field whose values zod must parse (copy or convert). */
export function isUndefined(value: unknown): value is undefined {
  return value === undefined;
}

/** What `z.number().finite().nonnegative()` accepts (an epoch-ms time, a duration). */
export function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** What `z.number().int().nonnegative()` accepts. */
export function isNonNegativeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** What `z.number().int().positive()` accepts. */
export function isPositiveInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

/** `accepts`, or undefined: the check of the schema's `.optional()`. */
export function orUndefined(accepts: (value: unknown) => boolean): (value: unknown) => boolean {
  return (value) => value === undefined || accepts(value);
}

/** What `z.string().min(1)` accepts. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1;
}
