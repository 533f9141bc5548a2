import { apiKeysRouter } from "./routers/api-keys";
import { authRouter } from "./routers/auth";
import { migrationsRouter } from "./routers/migrations";
import { createCallerFactory, createRouter } from "./trpc";

export const appRouter = createRouter({
  auth: authRouter,
  apiKeys: apiKeysRouter,
  migrations: migrationsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls without HTTP (tests, server components). */
export const createCaller = createCallerFactory(appRouter);
