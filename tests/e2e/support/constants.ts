/** The fixed first-run token the e2e server gets through POLLBOARD_SETUP_TOKEN (playwright.config.ts). */
export const E2E_SETUP_TOKEN = 'e2e-setup-token-0123456789abcdef0123456789abcdef';

/** The e2e server's database when E2E_DATABASE_URL is unset: a fresh SQLite file (scripts/e2e-server.ts removes it first). */
export const E2E_DEFAULT_DATABASE_URL = 'file:./test-results/e2e-db/pollboard-e2e.db';
