/** Shared with the browser (the sign-up form), so free of server-only imports. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
