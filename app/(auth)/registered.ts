/** Session-storage key under which sign-up hands the new account's email to the sign-in page. */
export const REGISTERED_EMAIL_KEY = "datamigrate:registered-email";
