import { redirect } from '@sveltejs/kit';
import { ADMIN_TABS } from './tabs';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
  const { permissions } = await parent();
  const first = ADMIN_TABS.find((t) => permissions.includes(t.permission));
  redirect(303, first?.href ?? '/');
};
