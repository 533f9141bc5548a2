import { apiKeysRouter } from "./routers/api-keys";
import { authRouter } from "./routers/auth";
import { migrationDetailsRouter } from "./routers/migration-details";
import { migrationsRouter } from "./routers/migrations";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, createRouter } from "./trpc";

export const appRouter = createRouter({
  auth: authRouter,
  apiKeys: apiKeysRouter,
  migrations: migrationsRouter,
  migrationDetails: migrationDetailsRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls without HTTP (tests, server components). */
export const createCaller = createCallerFactory(appRouter);
