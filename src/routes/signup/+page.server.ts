// U3: the first person to sign up for a new organization creates it and
// becomes its administrator. Someone already signed in only names it.
import { fail, redirect } from '@sveltejs/kit';
import { createOrganizationForm, signUpForm } from '$lib/forms/auth';
import { createLogin } from '$lib/server/auth';
import { clientFor } from '$lib/server/client';
import { loginSlotRefusal } from '$lib/server/throttle';
import { formAction } from '$lib/server/forms';
import { readSession, startSession, switchTenant } from '$lib/server/session';
import type { Actions } from './$types';

export const actions: Actions = {
  signUp: formAction(signUpForm, async ({ organization, displayName, email, password }, { cookies, getClientAddress }) => {
    const limited = loginSlotRefusal(getClientAddress());
    if (limited) return fail(limited.status, { message: limited.message });
    const user = await createLogin(email, password, displayName);
    await startSession(cookies, user);
    const session = (await readSession(cookies))!;
    const tenantId = await clientFor(session.claims, session.token).me.createOrganization({ name: organization, displayName });
    await switchTenant(cookies, session, tenantId);
    redirect(303, '/admin');
  }, 'signUp'),
  create: formAction(createOrganizationForm, async ({ organization }, { cookies, locals }) => {
    if (!locals.session) redirect(303, '/signin?next=/signup');
    const tenantId = await locals.rbac.me.createOrganization({ name: organization });
    await switchTenant(cookies, locals.session, tenantId);
    redirect(303, '/admin');
  }, 'create'),
};
