import type { ProviderMetadata } from 'ai';

/**
 * The dollar cost a provider reported for a call, when it reports one (the AI Gateway and OpenRouter put a
 * `cost` in their provider metadata), as a decimal string.
 */
export function providerCost(metadata: ProviderMetadata | undefined): string | undefined {
  for (const entry of Object.values(metadata ?? {})) {
    const cost = (entry as Record<string, unknown> | undefined)?.cost;
    if (typeof cost === 'string' && cost.trim() !== '' && Number.isFinite(Number(cost))) return cost.trim();
    if (typeof cost === 'number' && Number.isFinite(cost)) return String(cost);
  }
  return undefined;
}
