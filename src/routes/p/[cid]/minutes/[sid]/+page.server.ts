import { idParam } from '$lib/server/http/api';
import { guarded } from '$lib/server/http/page-guard';
import * as minutes from '$lib/server/minutes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url }) => guarded(url, () => minutes.publicNotice(idParam(params.cid), idParam(params.sid)));
