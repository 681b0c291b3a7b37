// View-as (A7): the database checks and audits; the caller then acts with
// the member's claims plus `view_as`, read-only.
import { z } from 'zod';
import { rpc } from './operation.ts';
import { id } from './schemas.ts';

export const viewAs = {
  start: rpc({
    fn: 'start_view_as',
    input: z.object({ memberId: id }),
    params: { memberId: ['p_member_id', 'uuid'] },
    returns: 'row',
    output: z.object({ member_id: id, user_id: id, tenant_id: id, display_name: z.string() }),
  }),
};
