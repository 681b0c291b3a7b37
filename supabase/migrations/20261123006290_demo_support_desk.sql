-- =============================================================================
-- Demo business schema, support desk in full (seed 002, preset S3; P1, P3,
-- V2, V3, V5): what the conversations of 20261123003410_demo_support.sql need
-- for the document's permission tree, and the support desk's other records.
--
--   conversations          + priority and labels, and a guard that asks for
--                            the tree's own action for each kind of change
--   conversation_messages  replies (Respond to conversations), seen with
--                            their conversation (V3)
--   contacts               the customers agents talk to (Contacts group)
--   support_reports        agent, team and financial reports, seen own /
--                            team / all (Reports group); financial ones only
--                            with reports.view_financial
--   knowledge_articles     the knowledge base a trainee may read
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

alter table public.conversations
  add column priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  add column labels text[] not null default '{}' check (cardinality(labels) <= 20);
-- Children reference a conversation together with its tenant (T3).
alter table public.conversations add constraint conversations_id_tenant_key unique (id, tenant_id);

create table public.conversation_messages (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  conversation_id uuid not null,
  -- Stamped by a trigger for members: a reply cannot be signed with another name.
  author_member_id uuid,
  body text not null check (length(btrim(body)) between 1 and 20000),
  created_at timestamptz not null default now(),
  -- Foreign keys list the column the index leads with first.
  foreign key (conversation_id, tenant_id) references public.conversations (id, tenant_id) on delete cascade,
  foreign key (author_member_id, tenant_id) references rbac.members (id, tenant_id)
);
comment on table public.conversation_messages is 'Demo (S3, V3): replies in a conversation, seen with it; writing one is conversations.respond.';
create index conversation_messages_conversation_idx on public.conversation_messages (conversation_id, tenant_id, created_at);
create index conversation_messages_author_idx on public.conversation_messages (author_member_id, tenant_id);

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  email text check (email is null or length(email) <= 320),
  company text not null default '' check (length(company) <= 200),
  created_at timestamptz not null default now(),
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id)
);
comment on table public.contacts is 'Demo (S3): the customers a support desk talks to, per department (org).';
create index contacts_org_idx on public.contacts (org_id, tenant_id);
create index contacts_tenant_name_idx on public.contacts (tenant_id, name);

create table public.support_reports (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  title text not null check (length(btrim(title)) between 1 and 300),
  kind text not null check (kind in ('performance', 'sla', 'financial')),
  -- The agent an individual report is about ('own' scope of reports.view).
  agent_member_id uuid,
  -- The team a report is about ('team' scope, V5).
  team_id uuid,
  period_start date not null,
  created_at timestamptz not null default now(),
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id),
  foreign key (agent_member_id, tenant_id) references rbac.members (id, tenant_id),
  foreign key (team_id, tenant_id) references rbac.groups (id, tenant_id)
);
comment on table public.support_reports is 'Demo (S3, P3): agent, team and financial reports of a support desk; seen own/team/all as reports.view is granted, financial ones only with reports.view_financial. Written by the product, read by members.';
create index support_reports_org_idx on public.support_reports (org_id, tenant_id);
create index support_reports_agent_idx on public.support_reports (agent_member_id, tenant_id);
create index support_reports_team_idx on public.support_reports (team_id, tenant_id);
create index support_reports_tenant_kind_idx on public.support_reports (tenant_id, kind);

create table public.knowledge_articles (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  title text not null check (length(btrim(title)) between 1 and 300),
  body text not null default '' check (length(body) <= 100000),
  created_at timestamptz not null default now(),
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id)
);
comment on table public.knowledge_articles is 'Demo (S3): knowledge base articles of a department; reading is knowledge_base.view, writing knowledge_base.edit.';
create index knowledge_articles_org_idx on public.knowledge_articles (org_id, tenant_id);

-- -----------------------------------------------------------------------------
-- Triggers
-- -----------------------------------------------------------------------------

-- Seed 002 splits changing a conversation into separate rights (assign,
-- reassign, change status, change priority, apply labels, close); the update
-- policy can only ask for one action (conversations.edit) and sees the old
-- and the new row apart, never which column changed. This guard asks for the
-- action each change needs, as far as the tenant's catalog declares it: a
-- tenant with the demo catalog alone has only "Assign and reassign"
-- (conversations.assign) beyond edit, a support desk (preset S3) the whole
-- tree. Only requests of signed-in members are checked: the API's definer
-- functions (reassignment on deactivation, U6) run as another role and have
-- checked their caller already.
create function rbac_private.guard_conversation_changes() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  -- One entry per change: the actions that may allow it, best first ('reassign|assign').
  v_changes text[] := '{}';
  v_alternatives text;
  v_key text;
  v_name text;
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    -- Starting a conversation for someone else is assigning it.
    if new.assignee_member_id is not null
       and new.assignee_member_id is distinct from rbac_private.my_member_in(new.tenant_id) then
      v_changes := v_changes || 'assign'::text;
    end if;
  else
    if new.assignee_member_id is distinct from old.assignee_member_id or new.team_id is distinct from old.team_id then
      -- Taking it from an agent or a team is reassigning; giving an unassigned one out is assigning.
      v_changes := v_changes || case
        when (old.assignee_member_id is not null and new.assignee_member_id is distinct from old.assignee_member_id)
          or (old.team_id is not null and new.team_id is distinct from old.team_id) then 'reassign|assign'
        else 'assign' end;
    end if;
    if new.status is distinct from old.status then
      v_changes := v_changes || case when new.status = 'closed' then 'close' else 'change_status' end;
    end if;
    if new.priority is distinct from old.priority then
      v_changes := v_changes || 'change_priority'::text;
    end if;
    if new.labels is distinct from old.labels then
      v_changes := v_changes || 'apply_labels'::text;
    end if;
  end if;
  foreach v_alternatives in array v_changes loop
    -- The first of the actions the tenant's catalog declares (members read their tenant's catalog).
    select p.key, p.name into v_key, v_name
      from unnest(string_to_array(v_alternatives, '|')) with ordinality a(action, n)
      join rbac.permissions p on p.tenant_id = new.tenant_id and p.key = 'conversations.' || a.action
     order by a.n
     limit 1;
    if v_key is not null and not rbac_private.i_have(new.tenant_id, v_key) then
      raise exception 'You do not have the permission "%" (%).', v_name, v_key using errcode = 'RB003', detail = v_key;
    end if;
  end loop;
  return new;
end;
$$;

create trigger conversations_change_guard before insert or update on public.conversations
  for each row execute function rbac_private.guard_conversation_changes();

-- The author of a reply is the member writing it, never a name they claim.
create function rbac_private.stamp_message_author() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  if current_user = 'authenticated' then
    new.author_member_id := rbac_private.my_member_in(new.tenant_id);
  end if;
  return new;
end;
$$;

create trigger conversation_messages_stamp_author before insert or update of author_member_id on public.conversation_messages
  for each row execute function rbac_private.stamp_message_author();

-- -----------------------------------------------------------------------------
-- Policies (V7)
-- -----------------------------------------------------------------------------

-- V3: a reply is seen with its conversation; writing one is "Respond to
-- conversations", removing one is deleting conversation content.
select public.protect_table('public.conversation_messages', 'conversations', p_org_column => null,
                            p_parent_table => 'public.conversations', p_parent_column => 'conversation_id',
                            p_actions => '{"create": "respond", "edit": "respond"}');
-- A reply, once sent, is history (L1): nobody rewrites, backdates or moves
-- it, nor a colleague's or the customer's; removing one is deleting content.
revoke update on public.conversation_messages from authenticated;

select public.protect_table('public.contacts', 'contacts', p_org_column => 'org_id');

select public.protect_table('public.knowledge_articles', 'knowledge_base', p_org_column => 'org_id',
                            p_actions => '{"create": "edit", "delete": "edit"}');

-- Reports are produced by the product; members only read them (no insert,
-- update or delete grant, so the write policies never come into play).
select public.protect_table('public.support_reports', 'reports', p_org_column => 'org_id',
                            p_owner_column => 'agent_member_id', p_team_column => 'team_id', p_grant => false);
grant select on public.support_reports to authenticated;

-- Seed 002: "View all reports" is not "View financial reports". Restrictive,
-- so it narrows the standard view policy rather than widening it.
create policy "Financial reports need the financial reports right" on public.support_reports
  as restrictive for select to authenticated
  using (kind <> 'financial' or tenant_id = any ((select rbac_private.rls_tenants_with('reports.view_financial'))::uuid[]));

-- X3: SQL logins read under the same policies, the restrictive one included.
select rbac_private.allow_reporting_read('public.support_reports');

-- -----------------------------------------------------------------------------
-- Public functions: the steps of the conversation page. Invoker: the tables'
-- policies and the change guard decide who may do what to which
-- conversation; these name the step and turn refusals into our codes.
-- -----------------------------------------------------------------------------

-- "Respond to conversations" (conversations.respond on a conversation one sees).
create function public.reply_to_conversation(p_conversation_id uuid, p_body text) returns uuid
language plpgsql
security invoker
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid;
  v_id uuid;
begin
  if p_body is null or length(btrim(p_body)) = 0 or length(p_body) > 20000 then
    raise exception 'Write a reply of 1 to 20000 characters.' using errcode = 'RB005';
  end if;
  select c.tenant_id into v_tenant from public.conversations c where c.id = p_conversation_id;
  if v_tenant is null then
    raise exception 'This conversation does not exist or you cannot see it.' using errcode = 'RB004';
  end if;
  insert into public.conversation_messages (tenant_id, conversation_id, body)
  values (v_tenant, p_conversation_id, btrim(p_body))
  returning id into v_id;
  return v_id;
exception
  when insufficient_privilege then
    raise exception 'You may not respond to this conversation.' using errcode = 'RB003', detail = 'conversations.respond';
end;
$$;
comment on function public.reply_to_conversation(uuid, text) is 'Invoker: inserts into public.conversation_messages under its policies (V3, V7).';
grant execute on function public.reply_to_conversation(uuid, text) to authenticated;

-- "Close conversations" (the change guard asks for conversations.close).
create function public.close_conversation(p_conversation_id uuid) returns void
language plpgsql
security invoker
set search_path = pg_catalog, pg_temp
as $$
begin
  update public.conversations set status = 'closed' where id = p_conversation_id and status <> 'closed';
  if not found then
    raise exception 'This conversation does not exist, is closed already, or you may not change it.' using errcode = 'RB004';
  end if;
exception
  when insufficient_privilege then
    raise exception 'You may not close this conversation.' using errcode = 'RB003', detail = 'conversations.close';
end;
$$;
comment on function public.close_conversation(uuid) is 'Invoker: updates public.conversations under its policies and change guard (V7).';
grant execute on function public.close_conversation(uuid) to authenticated;
