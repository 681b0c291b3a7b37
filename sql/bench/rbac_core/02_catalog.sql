-- Benchmark data, step 2: the permission catalog. bench.modules modules
-- (m01 … m40) of five actions each, defined through
-- rbac_private.define_module like a preset would, with implications inside a
-- module (create/edit/export ⇒ view, delete ⇒ edit) and, every fifth module,
-- across modules (edit ⇒ the previous module's view). Every eighth module's
-- view is scoped (own/team/all, P3). The last module is the probe module:
-- no random role grants it, so the R4 measurement can add and remove it and
-- watch a holder's answer flip.
do $$
declare
  v_tenant uuid := bench.ctx('tenant_id')::uuid;
  v_count integer := bench.setting('modules');
  v_key text;
  v_extra text;
  i integer;
begin
  for i in 1 .. v_count loop
    v_key := 'm' || lpad(i::text, 2, '0');
    v_extra := (array['export', 'share', 'run', 'assign', 'configure'])[1 + i % 5];
    perform rbac_private.define_module(v_tenant, v_key, 'Module ' || lpad(i::text, 2, '0'), jsonb_build_array(
      jsonb_build_object('action', 'view', 'scoped', i % 8 = 0),
      jsonb_build_object('action', 'create', 'implies', jsonb_build_array('view')),
      jsonb_build_object('action', 'edit', 'implies',
        case when i % 5 = 0 and i > 1
             then jsonb_build_array('view', 'm' || lpad((i - 1)::text, 2, '0') || '.view')
             else jsonb_build_array('view') end),
      jsonb_build_object('action', 'delete', 'implies', jsonb_build_array('edit')),
      jsonb_build_object('action', v_extra, 'implies', jsonb_build_array('view'))
    ), p_position => i);
  end loop;
  insert into bench.context (key, value)
  values ('probe_module', v_key), ('probe_permission', v_key || '.view');
end;
$$;
