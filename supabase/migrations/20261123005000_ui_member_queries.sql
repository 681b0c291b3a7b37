-- =============================================================================
-- Reads for the admin UI and the typed client (X1, X2, T2, U5): the caller's
-- own memberships (org switcher), the member list with search, filters and
-- paging, and one member's detail for the edit page. The answers follow the
-- same rules as the policies on rbac.members: a member sees themselves, and
-- members whose home org is inside their scope where they hold users.view.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- T2: every organization the signed-in person belongs to (active or waiting
-- for approval), for the org switcher and the "request pending" notice.
create function public.my_memberships()
returns table (tenant_id uuid, tenant_name text, member_id uuid, display_name text, status rbac.member_status,
               user_type rbac.user_type, home_org_id uuid, home_org_name text)
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select m.tenant_id, t.name, m.id, m.display_name, m.status, m.user_type, m.home_org_id, o.name
    from rbac.members m
    join rbac.tenants t on t.id = m.tenant_id
    join rbac.orgs o on o.id = m.home_org_id
   where m.user_id = rbac_private.current_user_id()
     and m.status in ('active', 'pending') and rbac_private.in_request_tenant(m.tenant_id)
   order by lower(t.name), m.tenant_id
$$;
comment on function public.my_memberships() is 'Definer: reads the caller''s own member rows and the names of their tenants and home orgs.';
grant execute on function public.my_memberships() to authenticated;

-- X1: whether the request's token still signs someone in (false once its
-- session was ended, or for an unknown login); the web server asks when it
-- finds no organization for the person, to tell a signed-out cookie apart.
create function public.signed_in() returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select rbac_private.current_user_id() is not null
$$;
comment on function public.signed_in() is 'Definer: like current_user_id, which it calls; answers only about the request.';
grant execute on function public.signed_in() to authenticated;

-- X1: signing out ends the session for good: its tokens, the one in use and
-- any copy, sign nobody in from the next query on, until they would have
-- expired anyway (rbac_private.ended_sessions). Nothing to do for a token
-- without a session id, or one already ended.
create function public.end_session() returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_session text := auth.jwt() ->> 'session_id';
begin
  if v_session is null or rbac_private.current_user_id() is null then
    return;
  end if;
  delete from rbac_private.ended_sessions where expires_at < now();
  -- Kept until no token of the session can still be valid: the web server
  -- renews a session for at most 12 hours after sign-in, and the last token
  -- lives one token lifetime (exp − iat, set by SESSION_MINUTES) beyond.
  insert into rbac_private.ended_sessions (session_id, expires_at)
  values (v_session,
          greatest(coalesce(to_timestamp((auth.jwt() ->> 'auth_time')::double precision), now()) + interval '12 hours',
                   coalesce(to_timestamp((auth.jwt() ->> 'exp')::double precision), now()))
          + make_interval(secs => greatest(coalesce((auth.jwt() ->> 'exp')::double precision - (auth.jwt() ->> 'iat')::double precision, 0), 900)))
  on conflict do nothing;
end;
$$;
comment on function public.end_session() is 'Definer: writes rbac_private.ended_sessions, which no member may, for the request''s own session only.';
grant execute on function public.end_session() to authenticated;

-- X1: the Users tab. Deleted and pending members only when asked for by
-- status; role names only of roles the caller may see (R1 hides the Super
-- Administrator row from plain administrators).
create function public.list_members(
  p_tenant_id uuid,
  p_search text default null,
  p_status rbac.member_status default null,
  p_role_id uuid default null,
  p_org_id uuid default null,
  p_limit integer default 50,
  p_offset integer default 0
)
returns table (id uuid, display_name text, email text, status rbac.member_status, user_type rbac.user_type,
               visibility rbac.visibility, home_org_id uuid, home_org_name text, role_ids uuid[], role_names text[],
               above_caller boolean, created_at timestamptz, deactivated_at timestamptz, total_count bigint)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_caller rbac.members := rbac_private.caller(p_tenant_id);
  v_visible_roles uuid[];
begin
  perform rbac_private.require_permission(v_caller.id, 'users.view');
  if p_limit is null or p_limit not between 1 and 500 or p_offset is null or p_offset < 0 then
    raise exception 'Page size must be between 1 and 500 and the offset not negative.' using errcode = 'RB005';
  end if;
  if length(coalesce(p_search, '')) > 200 then
    raise exception 'The search text can be at most 200 characters long.' using errcode = 'RB005';
  end if;
  v_visible_roles := rbac_private.my_visible_role_ids();
  return query
    select m.id, m.display_name, m.email, m.status, m.user_type, m.visibility, m.home_org_id, o.name,
           coalesce(r.ids, '{}'), coalesce(r.names, '{}'),
           -- S4: holds a role above the caller's (the page marks them; changing them is refused).
           rbac_private.is_above(v_caller.id, m.id),
           m.created_at, m.deactivated_at, count(*) over ()
      from rbac.members m
      join rbac.orgs o on o.id = m.home_org_id
      left join lateral (
        select array_agg(x.id order by lower(x.name), x.id) as ids, array_agg(x.name order by lower(x.name), x.id) as names
          from rbac.member_roles mr join rbac.roles x on x.id = mr.role_id
         where mr.tenant_id = m.tenant_id and mr.member_id = m.id and x.id = any (v_visible_roles)) r on true
     where m.tenant_id = p_tenant_id
       and m.home_org_id in (select rbac_private.member_admin_orgs(v_caller.id))
       and (case when p_status is null then m.status in ('active', 'deactivated') else m.status = p_status end)
       and (p_search is null or m.display_name ilike '%' || p_search || '%' or m.email ilike '%' || p_search || '%')
       and (p_role_id is null or exists (select 1 from rbac.member_roles mr
                                          where mr.tenant_id = m.tenant_id and mr.member_id = m.id and mr.role_id = p_role_id))
       and (p_org_id is null or m.home_org_id = p_org_id)
     order by lower(m.display_name), m.id
     limit p_limit offset p_offset;
end;
$$;
comment on function public.list_members(uuid, text, rbac.member_status, uuid, uuid, integer, integer) is
  'Definer: reads members, roles and orgs under the same scope rule as the rbac.members policy.';
grant execute on function public.list_members(uuid, text, rbac.member_status, uuid, uuid, integer, integer) to authenticated;

-- U5: one member as the edit page needs them: direct roles (visible ones),
-- accessible orgs, groups and AMS assignees (V1), and why the caller may not
-- change them, if so. Oneself always; others with users.view in scope.
create function public.member_detail(p_member_id uuid)
returns table (id uuid, tenant_id uuid, display_name text, email text, status rbac.member_status,
               user_type rbac.user_type, visibility rbac.visibility, home_org_id uuid, home_org_name text,
               role_ids uuid[], accessible_org_ids uuid[], group_ids uuid[], assignee_ids uuid[], is_self boolean,
               manage_refusal text, created_at timestamptz, deactivated_at timestamptz)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members := rbac_private.caller(v_member.tenant_id);
  v_visible_roles uuid[] := rbac_private.my_visible_role_ids();
begin
  if v_caller.id <> v_member.id then
    perform rbac_private.require_permission(v_caller.id, 'users.view');
    if v_member.home_org_id not in (select rbac_private.member_scope_orgs(v_caller.id)) then
      -- No name: the caller may not see this member (the id alone told them who it was).
      raise exception 'This member is outside the part of the organization you administer.' using errcode = 'RB011';
    end if;
  end if;
  return query
    select m.id, m.tenant_id, m.display_name, m.email, m.status, m.user_type, m.visibility, m.home_org_id, o.name,
           array(select mr.role_id from rbac.member_roles mr
                  where mr.tenant_id = m.tenant_id and mr.member_id = m.id and mr.role_id = any (v_visible_roles)
                  order by mr.role_id),
           array(select mo.org_id from rbac.member_orgs mo where mo.tenant_id = m.tenant_id and mo.member_id = m.id order by mo.org_id),
           array(select gm.group_id from rbac.group_members gm where gm.tenant_id = m.tenant_id and gm.member_id = m.id order by gm.group_id),
           array(select ma.assignee_id from rbac.member_assignees ma where ma.tenant_id = m.tenant_id and ma.member_id = m.id order by ma.assignee_id),
           m.id = v_caller.id,
           -- Why the caller may not change this member (oneself, S4: a holder of a hidden role), or null.
           (select r.message from rbac_private.member_management_refusal(v_caller.id, m.id) r),
           m.created_at, m.deactivated_at
      from rbac.members m join rbac.orgs o on o.id = m.home_org_id
     where m.id = p_member_id;
end;
$$;
comment on function public.member_detail(uuid) is 'Definer: reads one member with roles, orgs and groups after the caller''s scope check.';
grant execute on function public.member_detail(uuid) to authenticated;
