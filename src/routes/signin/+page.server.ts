// Sign-in: email and password; repeated failures slow down per email and
// address, and per address across emails (throttle.ts).
import { fail, redirect } from '@sveltejs/kit';
import { signInForm } from '$lib/forms/auth';
import { verifyPassword } from '$lib/server/auth';
import { formAction } from '$lib/server/forms';
import { startSession } from '$lib/server/session';
import { beginAttempt, recordFailure, recordSuccess, retryAfter } from '$lib/server/throttle';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.session) redirect(303, '/');
};

export const actions: Actions = {
  default: formAction(signInForm, async ({ email, password, next }, { cookies, getClientAddress }) => {
    const address = getClientAddress();
    const wait = retryAfter(email, address);
    if (wait > 0) return fail(429, { message: `Too many failed attempts. Try again in ${Math.ceil(wait / 1000)} seconds.`, values: { email } });
    beginAttempt(email, address);
    let user: Awaited<ReturnType<typeof verifyPassword>> = null;
    try {
      user = await verifyPassword(email, password);
    } finally {
      if (user) recordSuccess(email, address, Date.now(), true);
      else recordFailure(email, address, Date.now(), true);
    }
    if (!user) return fail(400, { message: 'The email or password is not right.', values: { email } });
    await startSession(cookies, user);
    redirect(303, next ?? '/');
  }),
};
