import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** The HMAC key of a Standard Webhooks secret: the base64 after the optional `whsec_` prefix. */
export function webhookSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/** True when `secret` is a usable Standard Webhooks secret (non-empty base64 after an optional `whsec_`). */
export function isWebhookSecret(secret: string): boolean {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) && encoded.length % 4 === 0;
}

/**
 * The `webhook-signature` header value per Standard Webhooks:
 * `v1,` + base64(HMAC-SHA256(key, `${id}.${timestampSeconds}.${body}`)).
 */
export function signWebhook({
  secret,
  id,
  timestampSeconds,
  body,
}: {
  secret: string;
  id: string;
  timestampSeconds: number;
  body: string;
}): string {
  const mac = createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestampSeconds}.${body}`);
  return `v1,${mac.digest('base64')}`;
}
