// U1: the invitation link. Reading it gives nothing; accepting creates the
// login with the chosen password (or, signed in as the invited address,
// joins with the current login).
import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { acceptWithPasswordForm } from '$lib/forms/auth';
import { createLogin, verifyPassword } from '$lib/server/auth';
import { hostedMode } from '$lib/server/config';
import { clientFor } from '$lib/server/client';
import { loginSlotRefusal } from '$lib/server/throttle';
import { formAction, refusal } from '$lib/server/forms';
import { startSession } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
  try {
    return { invitation: await locals.rbac.invitations.details({ token: params.token ?? '' }), problem: null };
  } catch (err) {
    return { invitation: null, problem: refusal(err).data.message };
  }
};

export const actions: Actions = {
  create: formAction(acceptWithPasswordForm, async ({ displayName, password }, { params, cookies, getClientAddress }) => {
    const limited = loginSlotRefusal(getClientAddress());
    if (limited) return fail(limited.status, { message: limited.message });
    const anonymous = clientFor(null, null);
    const { email, display_name } = await anonymous.invitations.details({ token: params.token ?? '' });
    if (hostedMode()) {
      // U1/U2: Supabase Auth makes the login and confirms the address by mail;
      // the database refuses to make one itself there (RB052).
      await createLogin(email, password, displayName ?? display_name);
      return { done: `Your login is made. Confirm ${email} from the mail Supabase Auth sent, sign in, and open this link again to accept.` };
    }
    await anonymous.invitations.acceptWithPassword({ token: params.token ?? '', password, displayName });
    const user = await verifyPassword(email, password);
    if (user) await startSession(cookies, user);
    redirect(303, '/');
  }, 'create'),
  accept: formAction(z.object({}), async (_input, { params, locals }) => {
    await locals.rbac.invitations.accept({ token: params.token ?? '' });
    redirect(303, '/');
  }, 'accept'),
};
