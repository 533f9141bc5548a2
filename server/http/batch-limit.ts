/**
 * Most calls one tRPC batch request may carry. Each call of a batch runs at once, so a batch multiplies whatever
 * per-request bound applies (body size, rate limits count requests); the dashboard's link splits its batches at
 * this size (app/_components/trpc.tsx), and the server refuses a larger batch with 400 before reading it.
 */
export const MAX_BATCH_CALLS = 10;
