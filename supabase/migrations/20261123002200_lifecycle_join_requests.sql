-- =============================================================================
-- Join requests (U2): orgs declare email domains; a person who signs up with
-- such an address becomes a pending member with no access at all, until an
-- administrator approves them with roles, user type and visibility, or
-- rejects them with a reason.
-- =============================================================================

-- U2: mail providers anyone can get an address at, as patterns (a whole
-- domain must match). No organization may claim them. Operators add their
-- region's providers with an insert; the list is data, not code.
create table rbac_private.public_mail_domains (
  pattern text primary key,
  note text not null default ''
);
comment on table rbac_private.public_mail_domains is 'U2: public mail providers no organization may claim, as regular expressions matched against the whole domain.';
-- Read only by add_email_domain (a definer, as the owner); closed to
-- everyone else like the other rbac_private tables (20261123000600_…).
alter table rbac_private.public_mail_domains enable row level security;
revoke all on rbac_private.public_mail_domains from public, anon, authenticated, service_role;
create policy "Only the product's own functions use it" on rbac_private.public_mail_domains
  for select to authenticated using (false);
insert into rbac_private.public_mail_domains (pattern, note) values
  ('(gmail|googlemail)\.com', 'Google'),
  ('(hotmail|outlook|live|msn|windowslive)(\.[a-z]{2,3}){1,2}', 'Microsoft, every country'),
  ('(yahoo|ymail|rocketmail)(\.[a-z]{2,3}){1,2}', 'Yahoo, every country'),
  ('(aol|aim)(\.[a-z]{2,3}){1,2}', 'AOL'),
  ('(icloud|me|mac)\.com', 'Apple'),
  ('(proton|protonmail|pm)\.(me|com|ch)', 'Proton'),
  ('gmx(\.[a-z]{2,3}){1,2}', 'GMX'),
  ('(web|t-online|freenet|posteo|mailbox)\.(de|org)', 'German providers'),
  ('(yandex|ya)(\.[a-z]{2,3}){1,2}', 'Yandex'),
  ('(mail|inbox|list|bk|rambler)\.ru', 'Russian providers'),
  ('zoho(mail)?(\.[a-z]{2,3}){1,2}', 'Zoho'),
  ('(qq|163|126|yeah|sina|sohu|aliyun|foxmail)\.(com|cn|net)', 'Chinese providers'),
  ('(naver|daum|hanmail|kakao)\.(com|net)', 'Korean providers'),
  ('(orange|free|laposte|sfr|wanadoo)\.(fr|net)', 'French providers'),
  ('(libero|virgilio|tiscali|alice)\.it', 'Italian providers'),
  ('(wp|o2|onet|interia)\.pl', 'Polish providers'),
  ('(seznam|email|centrum)\.cz', 'Czech providers'),
  ('(btinternet|sky|virginmedia|talktalk|ntlworld)\.(com|co\.uk)', 'UK providers'),
  ('(comcast|verizon|att|sbcglobal|cox|charter|earthlink|juno|netzero)\.net', 'US providers'),
  ('(shaw|rogers|sympatico|telus)\.(ca|net)', 'Canadian providers'),
  ('(bigpond|optusnet)\.com(\.au)?|xtra\.co\.nz', 'Australian and New Zealand providers'),
  ('(rediffmail|sify)\.com', 'Indian providers'),
  ('(mail|email|usa|post|consultant|engineer|europe)\.com', 'mail.com and its sister domains'),
  ('(tutanota|tuta)\.(com|io|de)|fastmail\.(com|fm)|hey\.com|hushmail\.com|mailfence\.com|disroot\.org|riseup\.net', 'other public providers');

create function public.add_email_domain(p_org_id uuid, p_domain text) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := rbac_private.org_tenant(p_org_id);
  v_caller rbac.members;
  v_domain text := lower(btrim(p_domain));
begin
  v_caller := rbac_private.begin_change(v_tenant, 'organizations.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, p_org_id);
  if v_domain is null or v_domain !~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$' then
    raise exception 'Enter a domain such as example.com.' using errcode = 'RB005';
  end if;
  -- U2: a claimed domain sends everyone who signs up with it to this
  -- organization as a join request (their name and email). The first claim
  -- wins, so a squatter could collect another company's people and lock the
  -- company out of its own domain. Only a domain the claimer's own proven
  -- address is at may be claimed, and never a public mail provider's.
  if exists (select 1 from rbac_private.public_mail_domains p where v_domain ~ ('^(' || p.pattern || ')$')) then
    raise exception '% is a public email provider: anyone can have an address there, so no organization can claim it.', v_domain
      using errcode = 'RB045';
  end if;
  if not exists (select 1 from auth.users u
                  where u.id = rbac_private.current_user_id() and u.email_confirmed_at is not null
                    and lower(split_part(u.email, '@', 2)) = v_domain) then
    raise exception 'You can claim only the domain of your own confirmed email address; ask someone with an address at % to claim it.', v_domain
      using errcode = 'RB045';
  end if;
  begin
    insert into rbac.org_email_domains (domain, tenant_id, org_id) values (v_domain, v_tenant, p_org_id);
  exception when unique_violation then
    raise exception 'The domain % is already claimed by an organization.', v_domain using errcode = 'RB006';
  end;
  perform rbac_private.audit(v_tenant, v_caller.id, 'org.add_email_domain', 'org', p_org_id::text, v_domain, null,
                             jsonb_build_object('domain', v_domain));
end;
$$;
comment on function public.add_email_domain(uuid, text) is
  'Definer: writes rbac.org_email_domains, which members cannot write, and reads the caller''s own address in auth.users; checks organizations.manage, the org scope and that the domain is the caller''s own itself.';
grant execute on function public.add_email_domain(uuid, text) to authenticated;

create function public.remove_email_domain(p_domain text) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_row rbac.org_email_domains;
  v_caller rbac.members;
begin
  select * into v_row from rbac.org_email_domains
   where domain = lower(btrim(p_domain)) and tenant_id = any (rbac_private.my_tenant_ids());
  if v_row.domain is null then
    raise exception 'No organization of yours uses the domain %.', p_domain using errcode = 'RB004';
  end if;
  v_caller := rbac_private.begin_change(v_row.tenant_id, 'organizations.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, v_row.org_id);
  delete from rbac.org_email_domains where domain = v_row.domain;
  perform rbac_private.audit(v_row.tenant_id, v_caller.id, 'org.remove_email_domain', 'org', v_row.org_id::text,
                             v_row.domain, jsonb_build_object('domain', v_row.domain), null);
end;
$$;
comment on function public.remove_email_domain(text) is
  'Definer: writes rbac.org_email_domains; checks organizations.manage and the org scope itself.';
grant execute on function public.remove_email_domain(text) to authenticated;

-- The signed-in person asks to join the organization that claims their email
-- domain. They become a pending member: no row of any protected table is
-- visible to them until approval.
create function public.request_to_join() returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_user uuid := rbac_private.current_user_id();
  v_email text;
  v_name text;
  v_domain rbac.org_email_domains;
  v_member uuid;
  v_request uuid;
begin
  if v_user is null then
    raise exception 'You are not signed in.' using errcode = 'RB001';
  end if;
  -- U2: the address decides the organization and is what approvers see, so
  -- it must be proven (confirmed by the auth service) before it counts.
  select lower(u.email), coalesce(u.raw_user_meta_data ->> 'full_name', split_part(u.email, '@', 1))
    into v_email, v_name from auth.users u where u.id = v_user and u.email_confirmed_at is not null;
  if v_email is null then
    raise exception 'Confirm your email address first; then ask to join again.' using errcode = 'RB046';
  end if;
  select * into v_domain from rbac.org_email_domains where domain = split_part(v_email, '@', 2);
  if v_domain.domain is null then
    raise exception 'No organization uses the email domain %.', split_part(v_email, '@', 2) using errcode = 'RB043';
  end if;
  perform rbac_private.lock_tenant(v_domain.tenant_id);
  if exists (select 1 from rbac.members where tenant_id = v_domain.tenant_id and user_id = v_user) then
    raise exception 'You already belong to this organization or have asked to join it.' using errcode = 'RB006';
  end if;
  insert into rbac.members (tenant_id, user_id, home_org_id, display_name, email, status)
  values (v_domain.tenant_id, v_user, v_domain.org_id, v_name, v_email, 'pending')
  returning id into v_member;
  insert into rbac.join_requests (tenant_id, org_id, member_id, email, display_name)
  values (v_domain.tenant_id, v_domain.org_id, v_member, v_email, v_name)
  returning id into v_request;
  perform rbac_private.audit(v_domain.tenant_id, null, 'join_request.create', 'join_request', v_request::text, v_email, null,
                             jsonb_build_object('email', v_email, 'org_id', v_domain.org_id));
  return v_request;
end;
$$;
comment on function public.request_to_join() is
  'Definer: creates a pending member and a join request for the signed-in person, who is not a member yet and can write nothing.';
grant execute on function public.request_to_join() to authenticated;

create function public.list_join_requests(p_tenant_id uuid, p_status text default 'pending')
returns table (id uuid, email text, display_name text, org_id uuid, org_name text, status text,
               created_at timestamptz, decided_at timestamptz, decided_by text, reason text)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_caller rbac.members := rbac_private.caller(p_tenant_id);
begin
  perform rbac_private.require_permission(v_caller.id, 'join_requests.view');
  if p_status not in ('pending', 'approved', 'rejected', 'all') then
    raise exception 'The status must be pending, approved, rejected or all.' using errcode = 'RB005';
  end if;
  return query
    select j.id, j.email, j.display_name, j.org_id, o.name, j.status, j.created_at, j.decided_at, d.display_name, j.reason
      from rbac.join_requests j
      join rbac.orgs o on o.id = j.org_id
      left join rbac.members d on d.id = j.decided_by
     where j.tenant_id = p_tenant_id and (p_status = 'all' or j.status = p_status)
       and j.org_id in (select rbac_private.member_admin_orgs(v_caller.id))
     order by j.created_at;
end;
$$;
comment on function public.list_join_requests(uuid, text) is
  'Definer: reads pending members, whom no policy shows; checks join_requests.view and returns the caller''s scope only.';
grant execute on function public.list_join_requests(uuid, text) to authenticated;

-- The pending join request with the caller allowed to decide it.
create function rbac_private.decidable_join_request(p_request_id uuid) returns rbac.join_requests
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_request rbac.join_requests;
begin
  select * into v_request from rbac.join_requests
   where id = p_request_id and tenant_id = any (rbac_private.my_tenant_ids());
  if v_request.id is null then
    raise exception 'This join request does not exist.' using errcode = 'RB004';
  end if;
  perform rbac_private.lock_tenant(v_request.tenant_id);
  select * into v_request from rbac.join_requests where id = p_request_id for update;
  if v_request.status <> 'pending' then
    raise exception 'This join request was already %.', v_request.status using errcode = 'RB044';
  end if;
  return v_request;
end;
$$;
comment on function rbac_private.decidable_join_request(uuid) is
  'Definer: reads a pending join request, which no policy shows, for the guard of approve and reject.';

create function public.approve_join_request(
  p_request_id uuid,
  p_role_ids uuid[] default null,
  p_user_type rbac.user_type default 'power_user',
  p_visibility rbac.visibility default 'all',
  p_assignee_ids uuid[] default '{}',
  p_home_org_id uuid default null
, p_reason text default null) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_request rbac.join_requests := rbac_private.decidable_join_request(p_request_id);
  v_caller rbac.members := rbac_private.caller(v_request.tenant_id);
  v_home uuid := coalesce(p_home_org_id, v_request.org_id);
  v_roles uuid[] := rbac_private.default_role_ids(v_request.tenant_id, p_role_ids);
  v_role uuid;
begin
  perform rbac_private.require_permission(v_caller.id, 'join_requests.approve');
  if not exists (select 1 from rbac.orgs where id = v_home and tenant_id = v_request.tenant_id) then
    raise exception 'This organization does not exist.' using errcode = 'RB004';
  end if;
  perform rbac_private.assert_org_in_scope(v_caller.id, v_request.org_id);
  perform rbac_private.assert_may_give_access(v_caller.id, v_home, coalesce(p_user_type, 'power_user'));
  perform rbac_private.assert_may_give_roles(v_caller.id, v_home, v_roles);
  -- Defined with the assignee tables (20261123003000_…).
  perform rbac_private.assert_may_give_visibility(v_caller.id, null, coalesce(p_visibility, 'all'), p_assignee_ids);
  update rbac.members
     set status = 'active', home_org_id = v_home, user_type = coalesce(p_user_type, 'power_user')
   where id = v_request.member_id;
  foreach v_role in array v_roles loop
    insert into rbac.member_roles (tenant_id, member_id, role_id, granted_by)
    values (v_request.tenant_id, v_request.member_id, v_role, v_caller.id) on conflict do nothing;
  end loop;
  perform rbac_private.apply_member_visibility(v_request.member_id, p_visibility, p_assignee_ids);
  perform rbac_private.assert_no_sod_conflict(v_request.member_id);
  update rbac.join_requests set status = 'approved', decided_at = now(), decided_by = v_caller.id where id = p_request_id;
  perform rbac_private.audit(v_request.tenant_id, v_caller.id, 'join_request.approve', 'member', v_request.member_id::text,
                             v_request.display_name, jsonb_build_object('status', 'pending'),
                             jsonb_build_object('status', 'active', 'roles', v_roles, 'user_type', p_user_type,
                                                'visibility', p_visibility, 'assignee_ids', p_assignee_ids, 'home_org_id', v_home), p_reason => p_reason);
  return v_request.member_id;
end;
$$;
comment on function public.approve_join_request(uuid, uuid[], rbac.user_type, rbac.visibility, uuid[], uuid, text) is
  'Definer: activates the member and writes their roles, which members cannot write; checks join_requests.approve and A4 itself.';
grant execute on function public.approve_join_request(uuid, uuid[], rbac.user_type, rbac.visibility, uuid[], uuid, text) to authenticated;

create function public.reject_join_request(p_request_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_request rbac.join_requests := rbac_private.decidable_join_request(p_request_id);
  v_caller rbac.members := rbac_private.caller(v_request.tenant_id);
begin
  perform rbac_private.require_permission(v_caller.id, 'join_requests.approve');
  perform rbac_private.assert_org_in_scope(v_caller.id, v_request.org_id);
  if length(coalesce(p_reason, '')) > 2000 then
    raise exception 'The reason can be at most 2000 characters long.' using errcode = 'RB005';
  end if;
  -- The pending membership ends; the request row keeps the history.
  update rbac.members set status = 'deleted', deleted_at = now(), user_id = null where id = v_request.member_id;
  update rbac.join_requests set status = 'rejected', decided_at = now(), decided_by = v_caller.id, reason = p_reason
   where id = p_request_id;
  perform rbac_private.audit(v_request.tenant_id, v_caller.id, 'join_request.reject', 'join_request', p_request_id::text,
                             v_request.email, jsonb_build_object('status', 'pending'), jsonb_build_object('status', 'rejected'),
                             p_reason);
end;
$$;
comment on function public.reject_join_request(uuid, text) is
  'Definer: writes the join request and the pending member, which members cannot write; checks join_requests.approve itself.';
grant execute on function public.reject_join_request(uuid, text) to authenticated;
