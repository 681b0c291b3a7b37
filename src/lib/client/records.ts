// Business records under the tenant's visibility policies (V1–V7): read as
// the signed-in person, so RLS decides which rows come back. Each read names
// the columns its page shows; nothing is filtered here but the tenant.
import { z } from 'zod';
import { pageInput, read, rpc } from './operation.ts';
import { day, id, ids, timestamp } from './schemas.ts';

// Records grow with the business: each read returns one page (first 100 rows
// unless asked), ordered with the id last so pages never overlap.
const tenantPage = z.object({ tenantId: id, ...pageInput });
const tenantFilter = { tenantId: 'tenant_id' } as const;
const manual = z.object({
  id,
  org_id: id,
  title: z.string(),
  created_by: id.nullable(),
  created_at: timestamp,
  deleted_at: timestamp.nullable(),
  deleted_by: id.nullable(),
});

// One support conversation as the pages show it (the list and its own page).
const conversation = z.object({
  id,
  org_id: id,
  subject: z.string(),
  status: z.string(),
  priority: z.string(),
  labels: z.array(z.string()),
  assignee_member_id: id.nullable(),
  team_id: id.nullable(),
  created_at: timestamp,
});

export const records = {
  /** The demo agency's accounts (public.accounts): org scope, AMS assignees, owner. */
  accounts: read({
    schema: 'public',
    table: 'accounts',
    input: tenantPage,
    paged: true,
    filters: tenantFilter,
    order: ['name', 'id'],
    output: z.object({ id, org_id: id, name: z.string(), status: z.string(), owner_member_id: id.nullable(), assignee_ids: ids, created_at: timestamp }),
  }),
  /** V5/P3: support conversations (public.conversations), seen own / team / all as conversations.view is granted. */
  conversations: read({
    schema: 'public',
    table: 'conversations',
    input: tenantPage,
    paged: true,
    filters: tenantFilter,
    order: ['subject', 'id'],
    output: conversation,
  }),
  /** S3: the support desk's contacts (public.contacts), by org scope. */
  contacts: read({
    schema: 'public',
    table: 'contacts',
    input: tenantPage,
    paged: true,
    filters: tenantFilter,
    order: ['name', 'id'],
    output: z.object({ id, org_id: id, name: z.string(), email: z.string().nullable(), company: z.string() }),
  }),
  /** S3: knowledge base articles (public.knowledge_articles), by org scope. */
  knowledgeArticles: read({
    schema: 'public',
    table: 'knowledge_articles',
    input: tenantPage,
    paged: true,
    filters: tenantFilter,
    order: ['title', 'id'],
    output: z.object({ id, org_id: id, title: z.string(), body: z.string(), created_at: timestamp }),
  }),
  /** S4/P1: live manuals (public.manuals, deleted_at null when inTrash is null). */
  manuals: read({
    schema: 'public',
    table: 'manuals',
    input: tenantPage.extend({ inTrash: z.null().optional() }),
    paged: true,
    filters: { ...tenantFilter, inTrash: 'deleted_at' },
    order: ['title', 'id'],
    output: manual,
  }),
  /** S4/P1: manuals by the time they went to the trash, trashed first (rows come back only with manuals.trash.view). */
  manualsByTrashTime: read({
    schema: 'public',
    table: 'manuals',
    input: tenantPage,
    paged: true,
    filters: tenantFilter,
    order: ['deleted_at', 'id'],
    output: manual,
  }),
  /** V6: refrigerant cylinders (public.cylinders); with cylinders.view_for_sale only FOR_SALE ones in the member's territories. */
  cylinders: read({
    schema: 'public',
    table: 'cylinders',
    input: tenantPage,
    paged: true,
    filters: tenantFilter,
    order: ['serial_number', 'id'],
    output: z.object({ id, org_id: id, serial_number: z.string(), gas: z.string(), status: z.string(), territory_id: id.nullable() }),
  }),
  /** S3: one conversation, if the person may see it (an empty list otherwise). */
  conversation: read({
    schema: 'public',
    table: 'conversations',
    input: z.object({ tenantId: id, conversationId: id }),
    filters: { tenantId: 'tenant_id', conversationId: 'id' },
    order: ['id'],
    output: conversation,
  }),
  /** S3/V3: one conversation's replies (public.conversation_messages), seen with their conversation, oldest first. */
  conversationMessages: read({
    schema: 'public',
    table: 'conversation_messages',
    input: z.object({ tenantId: id, conversationId: id, ...pageInput }),
    paged: true,
    filters: { tenantId: 'tenant_id', conversationId: 'conversation_id' },
    order: ['created_at', 'id'],
    output: z.object({ id, author_member_id: id.nullable(), body: z.string(), created_at: timestamp }),
  }),
  /** S3: "Respond to conversations"; returns the reply's id. The policies decide (RB003 without conversations.respond). */
  replyToConversation: rpc({
    fn: 'reply_to_conversation',
    input: z.object({ conversationId: id, body: z.string().trim().min(1, 'Write a reply.').max(20000) }),
    params: { conversationId: ['p_conversation_id', 'uuid'], body: ['p_body', 'text'] },
    returns: 'value',
    output: id,
  }),
  /** S3: "Close conversations"; the change guard asks for conversations.close. */
  closeConversation: rpc({ fn: 'close_conversation', input: z.object({ conversationId: id }), params: { conversationId: ['p_conversation_id', 'uuid'] }, returns: 'void', output: z.unknown() }),
  /** S5: a technician completes a job assigned to them (jobs.edit on a job they see). */
  completeJob: rpc({ fn: 'complete_job', input: z.object({ jobId: id }), params: { jobId: ['p_job_id', 'uuid'] }, returns: 'void', output: z.unknown() }),
  /** S4: moves a manual to the trash (manuals.delete); the table's policies and trash guard decide. */
  trashManual: rpc({ fn: 'trash_manual', input: z.object({ manualId: id }), params: { manualId: ['p_manual_id', 'uuid'] }, returns: 'void', output: z.unknown() }),
  /** S4: brings a manual back from the trash (manuals.trash.restore). */
  restoreManual: rpc({ fn: 'restore_manual', input: z.object({ manualId: id }), params: { manualId: ['p_manual_id', 'uuid'] }, returns: 'void', output: z.unknown() }),
  /** S5: each location's business settings (public.org_settings), those of org_settings.view's org scope. */
  orgSettings: read({
    schema: 'public',
    table: 'org_settings',
    input: tenantPage,
    paged: true,
    filters: tenantFilter,
    order: ['business_name', 'org_id'],
    output: z.object({
      org_id: id,
      business_name: z.string(),
      ein: z.string(),
      brand_color: z.string(),
      epa_certification: z.string(),
      updated_at: timestamp,
    }),
  }),
  /** S5: an ORG_ADMIN changes their location's settings; the table's policies decide (RB004 otherwise). Null keeps a value. */
  updateOrgSettings: rpc({
    fn: 'update_org_settings',
    input: z.object({
      orgId: id,
      businessName: z.string().max(200).optional(),
      ein: z.string().max(20).optional(),
      brandColor: z.string().max(7).optional(),
      epaCertification: z.string().max(100).optional(),
    }),
    params: {
      orgId: ['p_org_id', 'uuid'],
      businessName: ['p_business_name', 'text'],
      ein: ['p_ein', 'text'],
      brandColor: ['p_brand_color', 'text'],
      epaCertification: ['p_epa_certification', 'text'],
    },
    returns: 'void',
    output: z.unknown(),
  }),
  /** S5: moves a cylinder to another location (org); the table's policies decide (RB011 outside the mover's locations). */
  moveCylinder: rpc({
    fn: 'move_cylinder',
    input: z.object({ cylinderId: id, orgId: id }),
    params: { cylinderId: ['p_cylinder_id', 'uuid'], orgId: ['p_org_id', 'uuid'] },
    returns: 'void',
    output: z.unknown(),
  }),
  /** P3/S5: service jobs (public.service_jobs), seen own / all as jobs.view is granted (technicians: their own). */
  serviceJobs: read({
    schema: 'public',
    table: 'service_jobs',
    input: tenantPage,
    paged: true,
    filters: tenantFilter,
    order: ['scheduled_for', 'customer', 'id'],
    output: z.object({
      id,
      org_id: id,
      customer: z.string(),
      summary: z.string(),
      status: z.string(),
      technician_member_id: id.nullable(),
      scheduled_for: day.nullable(),
    }),
  }),
};
