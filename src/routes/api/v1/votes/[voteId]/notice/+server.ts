import { api, idParam } from '$lib/server/http/api';
import * as votes from '$lib/server/votes';
import type { RequestHandler } from './$types';

/** the meeting notice (业主大会会议公告): voting may start 15 days later */
export const POST: RequestHandler = api(async ({ locals, params }) => votes.publishNotice(locals.user, idParam(params.voteId)));
