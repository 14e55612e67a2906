import * as plans from '$lib/server/plans';
import { planStep } from '$lib/server/http/plan-step';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = planStep(plans.addItem);
