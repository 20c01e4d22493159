/**
 * The limits every public entry point holds its input to, so that what one store accepts every store can
 * keep (PostgreSQL refuses NUL bytes and lone surrogates, and its index rows hold about 2.7 KB).
 */
export const INPUT_LIMITS = Object.freeze({
  /** Characters in an id (`jobId`, `scopeId`, `idempotencyKey`, …). */
  maxIdLength: 255,
  /** Levels of nesting in a JSON value (`{ a: { b: 1 } }` has 2). */
  maxJsonDepth: 64,
  /** UTF-8 bytes of a JSON value serialized (metadata, payload, resolution, …): 1 MiB. */
  maxJsonBytes: 1_048_576,
  /** UTF-8 bytes of a free text (a prompt, a reason, an error message): 1 MiB. */
  maxTextBytes: 1_048_576,
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what PostgreSQL refuses
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored as text in every store, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters (U+0000)';
  if (UNSTORABLE.test(text)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

/**
 * `text` made storable, for text the runtime writes itself (an error's message): NUL characters and
 * unpaired surrogates become U+FFFD, and it is cut to at most `INPUT_LIMITS.maxTextBytes` UTF-8 bytes.
 */
export function toStorableText(text: string): string {
  const clean = text.replace(new RegExp(UNSTORABLE.source, 'g'), '\ufffd');
  if (utf8Length(clean) <= INPUT_LIMITS.maxTextBytes) return clean;
  const cut = clean.slice(0, Math.floor(INPUT_LIMITS.maxTextBytes / 3));
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The UTF-8 length of `text` (well-formed: surrogate pairs count 4). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit < 0xe000 ? 2 : 3;
  }
  return bytes;
}
