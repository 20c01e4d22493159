import type { ChainableCommander } from 'ioredis';

/** Runs a MULTI (or pipeline) and throws the first command error, which ioredis reports per command. */
export async function execTransaction(transaction: ChainableCommander): Promise<unknown[]> {
  const results = (await transaction.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed) throw failed[0];
  return results.map(([, value]) => value);
}
