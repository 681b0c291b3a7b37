// L1: why a change was made, kept in the audit log with it. Every function
// that changes who may do what takes one (p_reason).
import { z } from 'zod';

export const reason = z.string().max(2000, 'The reason can be at most 2000 characters long.');
export const reasonParam = { reason: ['p_reason', 'text'] } as const;
