import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as plans from '$lib/server/plans';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url }) => guarded(url, () => plans.publicNotice(idParam(params.cid), idParam(params.pid)));
