/** The database's clock in epoch ms: every worker judges leases by the same time. */
export const DB_NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::double precision';
