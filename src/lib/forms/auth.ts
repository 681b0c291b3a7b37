// Forms of sign-in, sign-up, joining and invitations.
import { z } from 'zod';
import { emailField, idField, optional, passwordField, text } from './fields';

/**
 * Only local paths after sign-in (no open redirect): one leading slash, then
 * no second slash or backslash (browsers read `/\evil.example` and
 * `//evil.example` as another site), and nothing a URL parser would take for
 * a scheme or a host.
 */
export function isLocalPath(value: string): boolean {
  if (!/^\/(?![/\\])[^\s\\]*$/.test(value)) return false;
  const base = 'http://local.invalid';
  const resolved = new URL(value, base);
  return resolved.origin === base;
}
const next = optional(z.string().refine(isLocalPath, 'Not a local address.'));

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
