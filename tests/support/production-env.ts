/**
 * The settings of a server the e2e and load tests start: the production build in production mode,
 * as people run it, so production's required settings are given (throwaway values).
 */
export const productionEnv = (appUrl: string) => ({
  NODE_ENV: "production" as const,
  SESSION_SECRET: "throwaway-test-server-session-secret-0123456789",
  APP_URL: appUrl,
});
