/**
 * Who can translate an object: the rules, Claude, or a person. Its own module without zod, so the dashboard's
 * browser code can list the values without bundling the contracts' schemas (ZHandling is built from it).
 */
export const HANDLINGS = ["rules", "llm", "manual"] as const;
export type Handling = (typeof HANDLINGS)[number];
