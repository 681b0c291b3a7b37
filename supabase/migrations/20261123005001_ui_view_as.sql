-- =============================================================================
-- View-as (A7): an administrator sees the app exactly as a member would,
-- read-only, and the view is audited.
--
-- public.start_view_as checks that the viewer may look at this member at all
-- (users.view, the member inside their admin scope, nothing the member may
-- do or see beyond the viewer's own rights) and audits the start. The server
-- then makes requests with the member's claims plus a `view_as` claim, each
-- in a read-only transaction. The database refuses every change made under
-- such claims: every product change writes the audit log in its own
-- transaction, and the audit log refuses rows while a `view_as` claim is set;
-- protected tables' write policies, which write no audit row, refuse too
-- (rbac_private.rls_not_viewing_as, 20261123003200_…).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Triggers
-- -----------------------------------------------------------------------------

create function rbac_private.refuse_changes_while_viewing_as() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.rls_not_viewing_as();
  return new;
end;
$$;
comment on function rbac_private.refuse_changes_while_viewing_as() is 'A7: no change is recorded (so none can happen) under view-as claims.';

create trigger audit_log_refuse_view_as before insert on rbac.audit_log
  for each row execute function rbac_private.refuse_changes_while_viewing_as();

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

create function public.start_view_as(p_member_id uuid)
returns table (member_id uuid, user_id uuid, tenant_id uuid, display_name text)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
  v_missing text;
begin
  v_caller := rbac_private.begin_change(v_member.tenant_id, 'users.view');
  -- Someone else, inside the viewer's admin scope (RB004, RB012, RB011).
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  select * into v_member from rbac.members where id = p_member_id;
  if v_member.status <> 'active' or v_member.user_id is null then
    raise exception '% is not active, so there is nothing to view as them.', v_member.display_name using errcode = 'RB042';
  end if;
  -- The view must not show the viewer anything they may not see themselves:
  -- the member's rights, scope and account visibility stay within theirs.
  select rbac_private.first_ungranted(v_caller.id, array_agg(g.permission_id), array_agg(g.scope))
    into v_missing
    from rbac_private.member_grants(p_member_id) g;
  if v_missing is not null then
    raise exception 'You cannot view as %: they hold %, which you do not have.', v_member.display_name, v_missing
      using errcode = 'RB010', detail = v_missing;
  end if;
  v_missing := rbac_private.visibility_beyond(v_caller.id, p_member_id);
  if v_missing is not null then
    raise exception 'You cannot view as %: %.', v_member.display_name, v_missing using errcode = 'RB010';
  end if;
  if exists (select 1 from rbac_private.member_scope_orgs(p_member_id) s(org_id)
              where s.org_id not in (select rbac_private.member_scope_orgs(v_caller.id))) then
    raise exception '% reaches parts of the organization you do not administer.', v_member.display_name using errcode = 'RB011';
  end if;
  perform rbac_private.audit(v_member.tenant_id, v_caller.id, 'member.view_as', 'member', p_member_id::text,
                             v_member.display_name, null, jsonb_build_object('viewer', v_caller.display_name, 'read_only', true));
  return query select v_member.id, v_member.user_id, v_member.tenant_id, v_member.display_name;
end;
$$;
comment on function public.start_view_as(uuid) is 'Definer: reads the member''s rights and scope to compare them with the viewer''s, and audits the view.';
grant execute on function public.start_view_as(uuid) to authenticated;
