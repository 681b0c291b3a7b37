-- =============================================================================
-- Demo business schema, field service jobs (seed 004, RefriTrak; P3, U6, U7):
-- service jobs and appointments of a field-service company, each at one
-- branch (org) and assigned to one technician.
--
-- jobs.view is a scoped action: a technician holds it for 'own' (the jobs
-- assigned to them: "view and complete assigned appointments"), a manager for
-- 'all' jobs of their org scope. Who works a job is changed only with
-- jobs.assign (a trigger; RLS sees the old and the new row apart, never the
-- change of one column), so a technician who may update their own job cannot
-- hand it to someone else.
--
-- Open jobs are work items (U6): deactivating a technician hands them to
-- another member. Completed jobs keep pointing to the technician who did them
-- (U7: after deletion the member row keeps the name history shows).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table public.service_jobs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  customer text not null check (length(btrim(customer)) between 1 and 200),
  summary text not null default '' check (length(summary) <= 500),
  status text not null default 'SCHEDULED' check (status in ('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED')),
  -- The technician the job is assigned to ('own' scope of jobs.view).
  technician_member_id uuid,
  scheduled_for date,
  created_at timestamptz not null default now(),
  -- Foreign keys list the column the index leads with first.
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id),
  foreign key (technician_member_id, tenant_id) references rbac.members (id, tenant_id)
);
comment on table public.service_jobs is 'Demo (S5, P3/U6/U7): field-service jobs at a branch, assigned to a technician; technicians see their own, managers all of their org scope.';
create index service_jobs_org_idx on public.service_jobs (org_id, tenant_id);
create index service_jobs_technician_idx on public.service_jobs (technician_member_id, tenant_id);
-- The schedule page: a tenant's jobs by date.
create index service_jobs_tenant_schedule_idx on public.service_jobs (tenant_id, scheduled_for);

-- -----------------------------------------------------------------------------
-- Triggers
-- -----------------------------------------------------------------------------

-- Assigning a technician (on a new job or by changing it) needs jobs.assign.
-- Only requests of signed-in members are checked here: the API's definer
-- functions (reassignment on deactivation, U6) and vendor maintenance run as
-- another role and have checked their caller already.
create function rbac_private.guard_job_assignment() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  v_changed boolean;
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    v_changed := new.technician_member_id is not null;
  else
    v_changed := new.technician_member_id is distinct from old.technician_member_id;
  end if;
  if v_changed and not rbac_private.i_have(new.tenant_id, 'jobs.assign') then
    raise exception 'You do not have the permission "Assign technicians to jobs" (jobs.assign).'
      using errcode = 'RB003', detail = 'jobs.assign';
  end if;
  return new;
end;
$$;

create trigger service_jobs_assignment_guard before insert or update of technician_member_id on public.service_jobs
  for each row execute function rbac_private.guard_job_assignment();

-- -----------------------------------------------------------------------------
-- Policies (V7)
-- -----------------------------------------------------------------------------

select public.protect_table('public.service_jobs', 'jobs', p_org_column => 'org_id', p_owner_column => 'technician_member_id');

-- U6: open jobs of a technician who leaves go to someone else.
select rbac_private.register_work_items('public.service_jobs', 'technician_member_id', 'Open jobs',
                                        'status', array['SCHEDULED', 'IN_PROGRESS']);

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- S5: "View and complete assigned appointments". Invoker: the table's
-- policies decide (jobs.edit on a job one sees: a technician's own); this
-- only names the step and turns "no row" into our code.
create function public.complete_job(p_job_id uuid) returns void
language plpgsql
security invoker
set search_path = pg_catalog, pg_temp
as $$
begin
  update public.service_jobs set status = 'COMPLETED' where id = p_job_id and status in ('SCHEDULED', 'IN_PROGRESS');
  if not found then
    raise exception 'This job does not exist, is closed already, or is not yours to complete.' using errcode = 'RB004';
  end if;
exception
  when insufficient_privilege then
    raise exception 'You may not complete this job.' using errcode = 'RB003';
end;
$$;
comment on function public.complete_job(uuid) is 'Invoker: updates public.service_jobs under its policies (V7).';
grant execute on function public.complete_job(uuid) to authenticated;
