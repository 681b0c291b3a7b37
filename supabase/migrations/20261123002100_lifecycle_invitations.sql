-- =============================================================================
-- Invitations (U1): invite by email with roles, user type, visibility and
-- assignees; the token is returned once and only its hash is kept; resend
-- (new token, old one dead), revoke, list; accept. The inviter's delegation
-- limits (A4) are checked when inviting and again when accepting.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- Gives a new member the account visibility and AMS assignees they were
-- offered (V1). Record-visibility tables extend this in their own migration.
create function rbac_private.apply_member_visibility(p_member_id uuid, p_visibility rbac.visibility, p_assignee_ids uuid[])
returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  update rbac.members set visibility = coalesce(p_visibility, visibility) where id = p_member_id;
end;
$$;

-- A4: what sending an invitation takes: users.invite, and everything the
-- invitation gives (home org and user type, roles, visibility) within what
-- the sender may give. One rule for inviting, for resending or revoking an
-- invitation someone else sent (a resend hands out a fresh link to what it
-- offers, so a manager could otherwise take over an administrator's
-- invitation), and for the re-check against the inviter when it is accepted.
create function rbac_private.assert_may_send_invitation(p_sender_id uuid, p_home_org_id uuid, p_user_type rbac.user_type,
                                                        p_role_ids uuid[], p_visibility rbac.visibility, p_assignee_ids uuid[])
returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.require_permission(p_sender_id, 'users.invite');
  perform rbac_private.assert_may_give_access(p_sender_id, p_home_org_id, p_user_type);
  perform rbac_private.assert_may_give_roles(p_sender_id, p_home_org_id, p_role_ids);
  -- Defined with the assignee tables (20261123003000_…).
  perform rbac_private.assert_may_give_visibility(p_sender_id, null, p_visibility, p_assignee_ids);
end;
$$;
comment on function rbac_private.assert_may_send_invitation(uuid, uuid, rbac.user_type, uuid[], rbac.visibility, uuid[]) is
  'Definer: reads the sender''s rights, scope and visibility for the A4 guard of invitations.';

-- Re-checks everything an invitation grants against its inviter, now.
create function rbac_private.assert_invitation_still_grantable(p_invitation rbac.invitations) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if not exists (select 1 from rbac.members where id = p_invitation.invited_by and status = 'active') then
    raise exception 'This invitation can no longer be accepted: the person who sent it no longer has access. Ask for a new invitation.'
      using errcode = 'RB036';
  end if;
  begin
    perform rbac_private.assert_may_send_invitation(p_invitation.invited_by, p_invitation.home_org_id, p_invitation.user_type,
                                                    p_invitation.role_ids, p_invitation.visibility, p_invitation.assignee_ids);
  exception when others then
    -- The guards speak to the inviter ("You cannot assign …"); the one
    -- reading this is the invitee. Same code, their sentence, the guard's in detail.
    if sqlstate not like 'RB%' then
      raise;
    end if;
    raise exception 'This invitation can no longer be accepted: it offers more than the person who sent it may give now. Ask them for a new invitation.'
      using errcode = sqlstate, detail = sqlerrm;
  end;
end;
$$;
comment on function rbac_private.assert_invitation_still_grantable(rbac.invitations) is
  'Definer: reads the inviter''s current rights and scope for the accept-time re-check.';

-- The open invitation behind a token, or the reason it cannot be used.
create function rbac_private.open_invitation(p_token text) returns rbac.invitations
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_invitation rbac.invitations;
begin
  select * into v_invitation from rbac.invitations where token_hash = rbac_private.token_hash(p_token) for update;
  if v_invitation.id is null then
    raise exception 'This invitation link is not valid. Ask for a new invitation.' using errcode = 'RB030';
  end if;
  if v_invitation.accepted_at is not null then
    raise exception 'This invitation has already been used.' using errcode = 'RB033';
  end if;
  if v_invitation.revoked_at is not null then
    raise exception 'This invitation was withdrawn. Ask for a new invitation.' using errcode = 'RB032';
  end if;
  if v_invitation.expires_at <= now() then
    raise exception 'This invitation has expired. Ask for a new invitation.' using errcode = 'RB031';
  end if;
  return v_invitation;
end;
$$;
comment on function rbac_private.open_invitation(text) is
  'Definer: reads the invitation behind a token, which no policy shows.';

-- Turns an open invitation into an active member for an auth user.
create function rbac_private.complete_invitation(p_invitation rbac.invitations, p_user_id uuid, p_display_name text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member uuid;
begin
  perform rbac_private.lock_tenant(p_invitation.tenant_id);
  perform rbac_private.assert_invitation_still_grantable(p_invitation);
  if exists (select 1 from rbac.members where tenant_id = p_invitation.tenant_id and user_id = p_user_id) then
    raise exception 'You are already a member of this organization.' using errcode = 'RB006';
  end if;
  v_member := rbac_private.insert_member(p_invitation.tenant_id, p_user_id,
                coalesce(nullif(btrim(p_display_name), ''), p_invitation.display_name), lower(p_invitation.email),
                p_invitation.home_org_id, p_invitation.user_type, p_invitation.role_ids);
  perform rbac_private.apply_member_visibility(v_member, p_invitation.visibility, p_invitation.assignee_ids);
  perform rbac_private.assert_no_sod_conflict(v_member);
  update rbac.invitations set accepted_at = now(), accepted_member_id = v_member where id = p_invitation.id;
  perform rbac_private.audit(p_invitation.tenant_id, v_member, 'invitation.accept', 'member', v_member::text,
                             p_invitation.display_name, null,
                             jsonb_build_object('invitation_id', p_invitation.id, 'roles', p_invitation.role_ids,
                                                'user_type', p_invitation.user_type, 'invited_by', p_invitation.invited_by));
  return v_member;
end;
$$;
comment on function rbac_private.complete_invitation(rbac.invitations, uuid, text) is
  'Definer: writes the member and the invitation for accept_invitation; not executable by authenticated.';

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- Returns the invitation id and its token (shown once: send it as a link).
create function public.invite_member(
  p_home_org_id uuid,
  p_email text,
  p_display_name text,
  p_role_ids uuid[] default null,
  p_user_type rbac.user_type default 'power_user',
  p_visibility rbac.visibility default 'all',
  p_assignee_ids uuid[] default '{}',
  p_valid_for interval default interval '7 days'
) returns table (invitation_id uuid, token text, expires_at timestamptz)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_tenant uuid := rbac_private.org_tenant(p_home_org_id);
  v_caller rbac.members;
  v_roles uuid[] := rbac_private.default_role_ids(v_tenant, p_role_ids);
  v_token text := rbac_private.new_token();
  v_email text := lower(btrim(p_email));
begin
  v_caller := rbac_private.begin_change(v_tenant, 'users.invite');
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 320 then
    raise exception 'Enter a valid email address.' using errcode = 'RB005';
  end if;
  if p_valid_for is null or p_valid_for <= interval '0' or p_valid_for > interval '90 days' then
    raise exception 'An invitation is valid for up to 90 days.' using errcode = 'RB005';
  end if;
  if exists (select 1 from rbac.members where tenant_id = v_tenant and lower(email) = v_email and status <> 'deleted') then
    raise exception '% is already a member of this organization.', v_email using errcode = 'RB006';
  end if;
  perform rbac_private.assert_may_send_invitation(v_caller.id, p_home_org_id, coalesce(p_user_type, 'power_user'), v_roles,
                                                  coalesce(p_visibility, 'all'), p_assignee_ids);
  begin
    insert into rbac.invitations (tenant_id, email, display_name, home_org_id, role_ids, user_type, visibility,
                                  assignee_ids, token_hash, expires_at, invited_by)
    values (v_tenant, v_email, rbac_private.clean_name(p_display_name, 'name'), p_home_org_id, v_roles,
            coalesce(p_user_type, 'power_user'), coalesce(p_visibility, 'all'), coalesce(p_assignee_ids, '{}'),
            rbac_private.token_hash(v_token), now() + p_valid_for, v_caller.id)
    returning id, rbac.invitations.expires_at into invitation_id, expires_at;
  exception when unique_violation then
    raise exception '% already has an open invitation; resend or revoke it.', v_email using errcode = 'RB006';
  end;
  perform rbac_private.audit(v_tenant, v_caller.id, 'invitation.create', 'invitation', invitation_id::text, v_email, null,
                             jsonb_build_object('email', v_email, 'home_org_id', p_home_org_id, 'roles', v_roles,
                                                'user_type', p_user_type, 'visibility', p_visibility,
                                                'assignee_ids', p_assignee_ids, 'expires_at', expires_at));
  token := v_token;
  return next;
end;
$$;
comment on function public.invite_member(uuid, text, text, uuid[], rbac.user_type, rbac.visibility, uuid[], interval) is
  'Definer: writes rbac.invitations, which members cannot write; checks users.invite and A4 (roles, access, visibility) itself.';
grant execute on function public.invite_member(uuid, text, text, uuid[], rbac.user_type, rbac.visibility, uuid[], interval) to authenticated;

-- A new token and expiry; the old link stops working.
create function public.resend_invitation(p_invitation_id uuid, p_valid_for interval default interval '7 days')
returns table (invitation_id uuid, token text, expires_at timestamptz)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_invitation rbac.invitations;
  v_caller rbac.members;
  v_token text := rbac_private.new_token();
begin
  select * into v_invitation from rbac.invitations where id = p_invitation_id and tenant_id = any (rbac_private.my_tenant_ids());
  if v_invitation.id is null then
    raise exception 'This invitation does not exist.' using errcode = 'RB004';
  end if;
  v_caller := rbac_private.begin_change(v_invitation.tenant_id, 'users.invite');
  perform rbac_private.assert_org_in_scope(v_caller.id, v_invitation.home_org_id);
  perform rbac_private.assert_may_send_invitation(v_caller.id, v_invitation.home_org_id, v_invitation.user_type,
                                                  v_invitation.role_ids, v_invitation.visibility, v_invitation.assignee_ids);
  if v_invitation.accepted_at is not null or v_invitation.revoked_at is not null then
    raise exception 'Only an open invitation can be resent.' using errcode = 'RB033';
  end if;
  if p_valid_for is null or p_valid_for <= interval '0' or p_valid_for > interval '90 days' then
    raise exception 'An invitation is valid for up to 90 days.' using errcode = 'RB005';
  end if;
  update rbac.invitations
     set token_hash = rbac_private.token_hash(v_token), expires_at = now() + p_valid_for, resent_at = now()
   where id = p_invitation_id
  returning id, rbac.invitations.expires_at into invitation_id, expires_at;
  perform rbac_private.audit(v_invitation.tenant_id, v_caller.id, 'invitation.resend', 'invitation', p_invitation_id::text,
                             v_invitation.email, jsonb_build_object('expires_at', v_invitation.expires_at),
                             jsonb_build_object('expires_at', expires_at));
  token := v_token;
  return next;
end;
$$;
comment on function public.resend_invitation(uuid, interval) is
  'Definer: writes a new token into rbac.invitations; checks users.invite, the invitation''s org scope and that the caller may give what it offers (A4) itself.';
grant execute on function public.resend_invitation(uuid, interval) to authenticated;

create function public.revoke_invitation(p_invitation_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_invitation rbac.invitations;
  v_caller rbac.members;
begin
  select * into v_invitation from rbac.invitations where id = p_invitation_id and tenant_id = any (rbac_private.my_tenant_ids());
  if v_invitation.id is null then
    raise exception 'This invitation does not exist.' using errcode = 'RB004';
  end if;
  v_caller := rbac_private.begin_change(v_invitation.tenant_id, 'users.invite');
  perform rbac_private.assert_org_in_scope(v_caller.id, v_invitation.home_org_id);
  -- Nobody undoes an invitation they could not have sent.
  perform rbac_private.assert_may_send_invitation(v_caller.id, v_invitation.home_org_id, v_invitation.user_type,
                                                  v_invitation.role_ids, v_invitation.visibility, v_invitation.assignee_ids);
  if v_invitation.accepted_at is not null or v_invitation.revoked_at is not null then
    raise exception 'Only an open invitation can be revoked.' using errcode = 'RB033';
  end if;
  update rbac.invitations set revoked_at = now(), revoked_by = v_caller.id where id = p_invitation_id;
  perform rbac_private.audit(v_invitation.tenant_id, v_caller.id, 'invitation.revoke', 'invitation', p_invitation_id::text,
                             v_invitation.email, null, null, p_reason);
end;
$$;
comment on function public.revoke_invitation(uuid, text) is
  'Definer: writes rbac.invitations; checks users.invite, the invitation''s org scope and that the caller may give what it offers (A4) itself.';
grant execute on function public.revoke_invitation(uuid, text) to authenticated;

create function public.list_invitations(p_tenant_id uuid, p_status text default 'pending')
returns table (id uuid, email text, display_name text, home_org_id uuid, home_org text, role_names text[],
               user_type rbac.user_type, visibility rbac.visibility, status text, invited_by text,
               created_at timestamptz, expires_at timestamptz)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_caller rbac.members := rbac_private.caller(p_tenant_id);
begin
  perform rbac_private.require_permission(v_caller.id, 'users.invite');
  if p_status not in ('pending', 'accepted', 'revoked', 'expired', 'all') then
    raise exception 'The status must be pending, accepted, revoked, expired or all.' using errcode = 'RB005';
  end if;
  return query
    select * from (
      select i.id, i.email, i.display_name, i.home_org_id, o.name,
             array(select r.name from rbac.roles r where r.id = any (i.role_ids) order by r.name),
             i.user_type, i.visibility,
             case when i.accepted_at is not null then 'accepted' when i.revoked_at is not null then 'revoked'
                  when i.expires_at <= now() then 'expired' else 'pending' end as status,
             m.display_name, i.created_at, i.expires_at
        from rbac.invitations i
        join rbac.orgs o on o.id = i.home_org_id
        join rbac.members m on m.id = i.invited_by
       where i.tenant_id = p_tenant_id
         and i.home_org_id in (select rbac_private.member_admin_orgs(v_caller.id))
         -- R1/S4: an invitation to a hidden role exists only for its holders.
         and not i.role_ids && rbac_private.my_unseen_hidden_role_ids()) x
     where p_status = 'all' or x.status = p_status
     order by x.created_at desc;
end;
$$;
comment on function public.list_invitations(uuid, text) is
  'Definer: reads invitations, which hold token hashes no member may read; checks users.invite and returns the caller''s scope only.';
grant execute on function public.list_invitations(uuid, text) to authenticated;

-- What an invitation offers, for the accept page (no access is given by reading it).
create function public.invitation_details(p_token text)
returns table (organization text, home_org text, email text, display_name text, expires_at timestamptz)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_invitation rbac.invitations := rbac_private.open_invitation(p_token);
begin
  return query
    select t.name, o.name, v_invitation.email, v_invitation.display_name, v_invitation.expires_at
      from rbac.tenants t join rbac.orgs o on o.id = v_invitation.home_org_id
     where t.id = v_invitation.tenant_id;
end;
$$;
comment on function public.invitation_details(text) is
  'Definer: reads the invitation behind a token for a person who is not a member yet; returns only what the invitation offers.';
grant execute on function public.invitation_details(text) to anon, authenticated;

-- A signed-in person accepts an invitation sent to their email address.
create function public.accept_invitation(p_token text, p_display_name text default null) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_user uuid := rbac_private.current_user_id();
  v_email text;
  v_invitation rbac.invitations;
begin
  if v_user is null then
    raise exception 'Sign in (or create your login) to accept the invitation.' using errcode = 'RB001';
  end if;
  v_invitation := rbac_private.open_invitation(p_token);
  select lower(email) into v_email from auth.users where id = v_user;
  if v_email is distinct from lower(v_invitation.email) then
    raise exception 'This invitation was sent to another email address.' using errcode = 'RB034';
  end if;
  return rbac_private.complete_invitation(v_invitation, v_user, p_display_name);
end;
$$;
comment on function public.accept_invitation(text, text) is
  'Definer: writes the new member, their roles and the invitation, which the invitee cannot write; checks the token and re-checks the inviter''s rights itself.';
grant execute on function public.accept_invitation(text, text) to authenticated;

-- Embedded sign-in only (we own auth.users there): accepting creates the login
-- with the password chosen now (bcrypt, as GoTrue stores it) and the member.
-- On hosted Supabase, people sign up through Supabase Auth and call
-- accept_invitation instead, and this function refuses (RB052): there
-- GoTrue owns auth.users, and a login made here would count as a confirmed
-- address although nobody read a mail at it. The inviter holds the token
-- too, so they could make one for any address and with it claim that
-- address's email domain or ask to join its company as that person (U2).
create function public.accept_invitation_with_password(p_token text, p_password text, p_display_name text default null)
returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_invitation rbac.invitations;
  v_user uuid;
begin
  if exists (select 1 from pg_catalog.pg_roles where rolname = 'supabase_auth_admin') then
    raise exception 'Logins here are made by Supabase Auth: sign up with the invited address, confirm it, then accept the invitation signed in.'
      using errcode = 'RB052';
  end if;
  v_invitation := rbac_private.open_invitation(p_token);
  if p_password is null or length(p_password) < 8 or length(p_password) > 72 then
    raise exception 'Choose a password of 8 to 72 characters.' using errcode = 'RB005';
  end if;
  if exists (select 1 from auth.users where lower(email) = lower(v_invitation.email)) then
    raise exception 'A login for % already exists; sign in and accept the invitation.', v_invitation.email using errcode = 'RB006';
  end if;
  insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
  values (gen_random_uuid(), 'authenticated', 'authenticated', lower(v_invitation.email),
          extensions.crypt(p_password, extensions.gen_salt('bf', 10)), now(),
          '{"provider": "email", "providers": ["email"]}'::jsonb,
          jsonb_build_object('full_name', coalesce(nullif(btrim(p_display_name), ''), v_invitation.display_name)))
  returning id into v_user;
  return rbac_private.complete_invitation(v_invitation, v_user, p_display_name);
end;
$$;
comment on function public.accept_invitation_with_password(text, text, text) is
  'Definer: embedded sign-in only (RB052 where Supabase Auth owns the logins): creates the auth.users login and the member, which the invitee cannot write; checks the token itself.';
grant execute on function public.accept_invitation_with_password(text, text, text) to anon, authenticated;
