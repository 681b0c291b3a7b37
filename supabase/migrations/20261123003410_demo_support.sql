-- =============================================================================
-- Demo business schema, support desk (seed 002; V5, P3): conversations, each
-- assigned to an agent and a team. conversations.view is a scoped action:
-- own = assigned to me, team = assigned to me or one of my teams, all = every
-- conversation in my org scope.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  subject text not null check (length(btrim(subject)) between 1 and 300),
  status text not null default 'open' check (status in ('open', 'pending', 'closed')),
  -- The agent the conversation is assigned to ('own' scope, V4).
  assignee_member_id uuid,
  -- The team it is assigned to ('team' scope, V5): a group of the tenant.
  team_id uuid,
  created_at timestamptz not null default now(),
  -- Foreign keys list the column the index leads with first.
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id),
  foreign key (assignee_member_id, tenant_id) references rbac.members (id, tenant_id),
  foreign key (team_id, tenant_id) references rbac.groups (id, tenant_id)
);
comment on table public.conversations is 'Demo (S3, V5): support conversations assigned to an agent and a team; seen own/team/all as conversations.view is granted.';
create index conversations_org_idx on public.conversations (org_id, tenant_id);
create index conversations_assignee_idx on public.conversations (assignee_member_id, tenant_id);
create index conversations_team_idx on public.conversations (team_id, tenant_id);
create index conversations_tenant_created_idx on public.conversations (tenant_id, created_at desc);

-- -----------------------------------------------------------------------------
-- Policies (V7)
-- -----------------------------------------------------------------------------

select public.protect_table('public.conversations', 'conversations', p_org_column => 'org_id',
                            p_owner_column => 'assignee_member_id', p_team_column => 'team_id');

-- U6: open conversations of a member who leaves go to someone else.
select rbac_private.register_work_items('public.conversations', 'assignee_member_id', 'Open conversations',
                                        'status', array['open', 'pending']);
