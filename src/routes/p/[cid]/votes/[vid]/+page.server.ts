import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as votes from '$lib/server/votes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url }) => guarded(url, () => votes.publicNotice(idParam(params.cid), idParam(params.vid)));
