/** The fixed first-run token the e2e server gets through POLLBOARD_SETUP_TOKEN (playwright.config.ts). */
export const E2E_SETUP_TOKEN = 'e2e-setup-token-0123456789abcdef0123456789abcdef';
