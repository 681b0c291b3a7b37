// Forms of sign-in, sign-up, joining and invitations.
import { z } from 'zod';
import { emailField, idField, optional, passwordField, text } from './fields';

/** Only local paths after sign-in (no open redirect). */
const next = optional(z.string().regex(/^\/(?!\/)[^\s]*$/, 'Not a local address.'));

export const signInForm = z.object({ email: emailField, password: z.string().min(1, 'Enter your password.'), next });
export const signUpForm = z.object({
  organization: text('The organization name'),
  displayName: text('Your name'),
  email: emailField,
  password: passwordField,
});
export const createOrganizationForm = z.object({ organization: text('The organization name') });
export const joinForm = z.object({ displayName: text('Your name'), email: emailField, password: passwordField });
export const acceptWithPasswordForm = z.object({ displayName: optional(text('Your name')), password: passwordField });
export const switchForm = z.object({ tenantId: idField, next });
