// S3: one conversation, its replies, and what this person may do with it:
// reply (conversations.respond) and close (conversations.close). The
// database decides both; the forms are offered by the permissions it gives.
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext } from '$lib/server/records';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const layout = await parent();
  const [found, messages] = await loadOrFail(
    Promise.all([
      rbac.records.conversation({ tenantId, conversationId: params.id }),
      rbac.records.conversationMessages({ tenantId, conversationId: params.id, limit: 500 }),
    ]),
  );
  const conversation = found[0];
  if (!conversation) error(404, { message: 'This conversation does not exist or you cannot see it.' });
  const ctx = await loadOrFail(
    loadRecordContext(rbac, tenantId, layout, { memberIds: [conversation.assignee_member_id, ...messages.map((m) => m.author_member_id)] }),
  );
  return {
    conversation: { ...conversation, org: ctx.orgName(conversation.org_id), assignee: ctx.memberName(conversation.assignee_member_id) },
    messages: messages.map((m) => ({ ...m, author: ctx.memberName(m.author_member_id) })),
    canRespond: ctx.scope('conversations.respond') !== null,
    canClose: ctx.scope('conversations.close') !== null,
  };
};

const id = (params: Partial<Record<string, string>>): string => params.id ?? '';

export const actions: Actions = {
  reply: formAction(z.object({ body: z.string().trim().min(1, 'Write a reply.').max(20000, 'At most 20000 characters.') }), async ({ body }, { locals, params }) => {
    await locals.rbac.records.replyToConversation({ conversationId: id(params), body });
    return { done: 'Reply sent.' };
  }, 'reply'),
  close: formAction(z.object({}), async (_input, { locals, params }) => {
    await locals.rbac.records.closeConversation({ conversationId: id(params) });
    return { done: 'Conversation closed.' };
  }, 'close'),
};
