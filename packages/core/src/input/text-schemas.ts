import { z } from 'zod';
import { withQuickCheck } from '../validation';
import { INPUT_LIMITS, unstorableText, utf8Length } from './input-limits';
import { isStorableId, isStorableText } from './quick-checks';

function storable<S extends z.ZodString>(schema: S) {
  return schema.superRefine((text, ctx) => {
    const problem = unstorableText(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A non-empty id of at most `INPUT_LIMITS.maxIdLength` characters that every store can keep. */
export const idSchema = withQuickCheck(
  storable(
    z.string().min(1).max(INPUT_LIMITS.maxIdLength, `must be at most ${INPUT_LIMITS.maxIdLength} characters`),
  ),
  isStorableId,
);

/** Free text (a prompt, a reason) of at most `INPUT_LIMITS.maxTextBytes` UTF-8 bytes that every store can keep. */
export const textSchema = withQuickCheck(
  storable(
    z
      .string()
      .refine(
        (text) => text.length <= INPUT_LIMITS.maxTextBytes && utf8Length(text) <= INPUT_LIMITS.maxTextBytes,
        `must be at most ${INPUT_LIMITS.maxTextBytes} bytes (UTF-8)`,
      ),
  ),
  isStorableText,
);
