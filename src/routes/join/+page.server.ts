// U2: self-registration with the company's email domain becomes a join
// request: pending, no access, until an administrator approves it.
import { fail } from '@sveltejs/kit';
import { createLogin } from '$lib/server/auth';
import { clientFor } from '$lib/server/client';
import { joinForm } from '$lib/forms/auth';
import { loginSlotRefusal } from '$lib/server/throttle';
import { formAction } from '$lib/server/forms';
import { readSession, startSession } from '$lib/server/session';
import { z } from 'zod';
import type { Actions } from './$types';

export const actions: Actions = {
  register: formAction(joinForm, async ({ displayName, email, password }, { cookies, getClientAddress }) => {
    const limited = loginSlotRefusal(getClientAddress());
    if (limited) return fail(limited.status, { message: limited.message });
    const user = await createLogin(email, password, displayName);
    await startSession(cookies, user);
    const session = (await readSession(cookies))!;
    await clientFor(session.claims, session.token).me.requestToJoin();
    return { requested: true };
  }, 'register'),
  request: formAction(z.object({}), async (_input, { locals }) => {
    await locals.rbac.me.requestToJoin();
    return { requested: true };
  }, 'request'),
};
