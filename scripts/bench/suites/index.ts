// Every bench suite, in run order. A new suite (issue 5's record visibility
// with 1M accounts, …) is one more entry; BENCH_SUITES=<id>,<id> runs a subset.
import type { Suite } from '../types.ts';
import { rbacCoreSuite } from './rbac_core/index.ts';
import { visibilitySuite } from './visibility/index.ts';

export const SUITES: Suite[] = [rbacCoreSuite, visibilitySuite];
