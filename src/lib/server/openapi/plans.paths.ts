/** OpenAPI paths of cost-sharing plans (费用分摊 / 众筹): quotes, funding, splits, pledges, payments and the public ledger. */
import * as plans from '$lib/server/plans/input';
import { body } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema: unknown = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const planId = { name: 'planId', in: 'path', required: true, schema: { type: 'integer' } };
const communityId = { name: 'communityId', in: 'path', required: true, schema: { type: 'integer' } };
const yuan = (description: string) => `${description}（元，最多两位小数，如 "8000" 或 "333.33"；服务端按分（整数）保存，不经浮点）`;
const fen = (description: string) => ({ type: 'integer', description: `${description}（分）` });
const idOf = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };

const planWords = {
	topicId: '方案所属议题（本社区）',
	scopeIds: '小区、楼栋或单元的 id；全社区时省略',
	splitRule:
		'equal 按户均摊；area 按专有部分面积（民法典第283条默认）；floor 按楼层系数；voluntary 自愿认捐。前三种为按户收费（levy），须关联已通过的业主共同决定才能收款',
	floorCoefficients: '按楼层分摊时每层的系数（‰），对象或 "1:0, 2:1000, 3:1200" 文本；一楼通常为 0',
	voteId: '批准按户收费的业主共同决定（binding 表决）',
	surplusPolicy: '结余：转入小区公共收益，或按出资比例退还'
};

export const schemas = {
	PlanView: {
		type: 'object',
		description: '方案全貌：项目与报价、总价、资金来源（承诺/到账）、进度、表决批准状态、本人住户的应缴/已缴、认捐（仅公示同意公开的姓名）；居委会另有 manage',
		properties: {
			community: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
			plan: { type: 'object' },
			topic: { type: ['object', 'null'], description: '方案所属议题' },
			scopeNames: { type: 'array', items: { type: 'string' }, description: '范围内小区、楼栋或单元的名称' },
			items: { type: 'array', items: { type: 'object' } },
			totalFen: fen('总价：各项目选定报价之和'),
			sources: { type: 'array', items: { type: 'object' } },
			progress: {
				type: 'object',
				properties: {
					neededFen: fen('所需'),
					raisedFen: fen('已到账'),
					pledgedFen: fen('认捐合计'),
					spentFen: fen('已支出'),
					balanceFen: fen('台账余额'),
					percent: { type: 'integer' }
				}
			},
			approval: {
				type: 'object',
				properties: { needed: { type: 'boolean' }, passed: { type: 'boolean' }, canCollect: { type: 'boolean' }, vote: { type: ['object', 'null'] } }
			},
			mine: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						unitId: { type: 'integer' },
						label: { type: 'string' },
						shareFen: { type: ['integer', 'null'] },
						paidFen: { type: 'integer' },
						refundedFen: fen('已退还'),
						owedFen: { type: 'integer' }
					}
				}
			},
			myPledge: { type: ['object', 'null'], properties: { id: { type: 'integer' }, amountFen: { type: 'integer' }, showName: { type: 'boolean' } }, description: '本人的认捐' },
			canPledge: { type: 'boolean' },
			canManage: { type: 'boolean', description: '当前用户是否为本社区居委会' },
			pledges: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						amountFen: { type: 'integer' },
						createdAt: { type: 'string', format: 'date-time' },
						showName: { type: 'boolean' },
						name: { type: ['string', 'null'], description: '认捐人不同意公开时为 null（居委会总能看到）' },
						unitId: { type: ['integer', 'null'], description: '仅居委会可见' }
					}
				}
			},
			manage: { type: ['object', 'null'], description: '仅居委会：缴费记录、住户、台账记录和可关联的表决；其他人为 null' }
		}
	},
	PlanLedger: {
		type: 'object',
		description: '公示台账：只增不改（数据库触发器拒绝 UPDATE/DELETE）；更正是另一条记录（correctsId）',
		properties: {
			community: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
			plan: {
				type: 'object',
				properties: {
					id: { type: 'integer' },
					communityId: { type: 'integer' },
					title: { type: 'string' },
					status: { type: 'string' },
					surplusPolicy: { type: 'string' },
					actualCostFen: { type: ['integer', 'null'] },
					closedAt: { type: ['string', 'null'], format: 'date-time' },
					publishedAt: { type: ['string', 'null'], format: 'date-time' }
				}
			},
			items: { type: 'array', description: '项目及报价', items: { type: 'object' } },
			totalFen: fen('所选报价的合计'),
			sources: {
				type: 'array',
				items: { type: 'object', properties: { kind: { type: 'string' }, kindName: { type: 'string' }, name: { type: 'string' }, amountFen: { type: 'integer' }, status: { type: 'string' } } }
			},
			pledges: { type: 'array', description: '认捐（只列同意公示姓名的认捐人）', items: { type: 'object' } },
			committee: { type: 'boolean', description: '读者是否为本社区居委会' },
			lines: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer', description: '记录编号（全站唯一，更正时用）' },
						no: { type: 'integer', minimum: 1, description: '本计划台账中的序号：1、2、…，按记账先后' },
						kind: { type: 'string', enum: ['source', 'payment', 'expense', 'refund', 'to_estate_fund', 'correction'] },
						amountFen: fen('收入为正、支出为负'),
						balanceFen: fen('这条之后的余额'),
						party: { type: ['string', 'null'], description: '资金来源名称，或同意公示的缴费人姓名；否则 null' },
						correctsId: { type: ['integer', 'null'], description: '所更正记录的编号（id）' },
						correctsNo: { type: ['integer', 'null'], description: '所更正记录在本台账中的序号（no）' },
						reference: { type: 'string' },
						note: { type: 'string' },
						at: { type: 'string', description: '北京时间' }
					}
				}
			},
			totals: { type: 'object' }
		}
	}
};

const done = { type: 'object', required: ['ok'], properties: { ok: { const: true } } };

const pathId = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' } });

/** a draft's item, quote or source: corrected with the same fields it was added with, or removed */
const draftPart = (what: string, param: string, requestBody: unknown, removes: string) => ({
	patch: {
		tags: ['plans'],
		summary: `修改${what}（仅草稿，居委会）`,
		description: '整条替换：请求体给出全部字段，省略的可选字段（如备注）清空。方案公示后拒绝（409 plan_published）。',
		parameters: [planId, pathId(param)],
		requestBody,
		responses: { '200': ok('已修改', done), ...errors(400, 401, 403, 404, 409) }
	},
	delete: {
		tags: ['plans'],
		summary: `删除${what}（仅草稿，居委会）`,
		description: `${removes}方案公示后拒绝（409 plan_published）。`,
		parameters: [planId, pathId(param)],
		responses: { '200': ok('已删除', done), ...errors(401, 403, 404, 409) }
	}
});

/** a step answers the new record's id, or {ok:true} when it records nothing of its own */
const step = (summary: string, requestBody: unknown, description = '', answer: unknown = idOf) => ({
	post: {
		tags: ['plans'],
		summary,
		description,
		parameters: [planId],
		requestBody,
		responses: { '200': ok('完成', answer), ...errors(400, 401, 403, 404, 409) }
	}
});

export const paths: Paths = {
	'/communities/{communityId}/plans': {
		get: {
			tags: ['plans'],
			summary: '社区的费用分摊方案（草稿仅居委会可见）',
			parameters: [communityId, { name: 'topicId', in: 'query', schema: { type: 'integer' } }],
			responses: { '200': ok('方案列表'), ...errors(401, 403, 404) }
		},
		post: {
			tags: ['plans'],
			summary: '新建方案草稿（居委会）',
			parameters: [communityId],
			requestBody: body(plans.planSchema, planWords),
			responses: { '201': ok('已创建', idOf), ...errors(400, 401, 403, 404) }
		}
	},
	'/plans/{planId}': {
		get: { tags: ['plans'], summary: '方案全貌', parameters: [planId], responses: { '200': ok('方案', ref('PlanView')), ...errors(401, 403, 404) } },
		patch: {
			tags: ['plans'],
			summary: '修改草稿的条款（居委会）',
			parameters: [planId],
			requestBody: body(plans.planSchema, planWords),
			responses: { '200': ok('方案', ref('PlanView')), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/plans/{planId}/items': step('添加项目（草稿）', body(plans.itemSchema, { name: '项目，如：太阳能路灯12盏' })),
	'/plans/{planId}/quotes': step('为项目添加报价（草稿）', body(plans.quoteSchema, { amount: yuan('报价') })),
	'/plans/{planId}/items/{itemId}': draftPart('项目', 'itemId', body(plans.itemSchema, { name: '项目名称' }), '项目的报价一并删除。'),
	'/plans/{planId}/quotes/{quoteId}': draftPart('报价', 'quoteId', body(plans.quoteEditSchema, { amount: yuan('报价') }), '删除已选定的报价时，该项目回到未选定（理由一并清空）。'),
	'/plans/{planId}/choice': step('选定报价并说明理由（草稿）', body(plans.chooseSchema, { reason: '理由，如：太阳能路灯免布线、免电费，报价8000元' }), '', done),
	'/plans/{planId}/sources': step(
		'添加资金来源',
		body(plans.sourceSchema, {
			kind: '业委会/小区公共收益、社区经费、物业公司、上级项目资金、公共维修基金、商户赞助、居民分摊（每方案一项）',
			amount: yuan('金额'),
			status: 'received 仅在公示后：同时记入台账'
		}),
		'草稿期可加任何来源；公示后可追加非居民来源。'
	),
	'/plans/{planId}/sources/{sourceId}': draftPart(
		'资金来源',
		'sourceId',
		body(plans.sourceEditSchema, { kind: '资金来源种类；居民分摊每方案一项', amount: yuan('金额') }),
		'草稿的资金来源都未到账，不涉及台账。'
	),
	'/plans/{planId}/sources/{sourceId}/receive': {
		post: {
			tags: ['plans'],
			summary: '登记资金到账（记入台账）',
			parameters: [planId, { name: 'sourceId', in: 'path', required: true, schema: { type: 'integer' } }],
			requestBody: body(plans.receiveSchema, {}, { required: false }),
			responses: { '200': ok('已到账', done), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/plans/{planId}/vote': step('关联批准按户收费的业主共同决定', body(plans.voteLinkSchema, { voteId: '本社区的业主共同决定（binding 表决）' }), '', done),
	'/plans/{planId}/publish': {
		post: {
			tags: ['plans'],
			summary: '公示方案：固定每户分摊',
			description: '每个项目须已选定报价、资金来源合计须等于总价。按户收费的方案公示后仍须等关联表决最终通过才能收款（409 plan_not_approved）。',
			parameters: [planId],
			responses: { '200': ok('已公示', done), ...errors(401, 403, 404, 409) }
		}
	},
	'/plans/{planId}/split': {
		get: {
			tags: ['plans'],
			summary: '每户分摊（居委会）：草稿为按当前房屋登记计算的预览，公示后为固定的金额',
			description: '各户金额之和恰好等于居民分摊总额（最大余数法，同余数按住户 id 升序）。',
			parameters: [planId],
			responses: { '200': ok('分摊'), ...errors(401, 403, 404, 409) }
		}
	},
	'/plans/{planId}/pledges': step('认捐（已核实居民）', body(plans.pledgeSchema, { amount: yuan('认捐金额'), showName: '是否在公示中显示姓名' })),
	'/plans/{planId}/payments': step(
		'登记缴费（居委会；无在线支付）',
		body(plans.paymentSchema, {
			pledgeId: '对应的认捐：住户、姓名和公示意愿随认捐',
			amount: yuan('金额'),
			paidOn: 'YYYY-MM-DD，默认今天（北京时间）',
			receiptNo: '同一方案内不可重复'
		}),
		'按户收费的方案在关联表决最终通过前拒绝（409 plan_not_approved）。'
	),
	'/plans/{planId}/expenses': step('登记支出（附票据号）', body(plans.expenseSchema, { amount: yuan('金额'), reference: '票据号' })),
	'/plans/{planId}/close': step('结算：记录实际费用，结余按方案退还或转入小区公共收益，台账余额归零', body(plans.closeSchema, { actualCost: yuan('实际费用') }), '', {
		type: 'object',
		required: ['surplusFen', 'balanceFen'],
		properties: { surplusFen: fen('结余'), balanceFen: fen('结算后的台账余额') }
	}),
	'/plans/{planId}/ledger': {
		get: { tags: ['plans'], summary: '公示台账', parameters: [planId], responses: { '200': ok('台账', ref('PlanLedger')), ...errors(401, 403, 404) } }
	},
	'/plans/{planId}/ledger/{entryId}/corrections': {
		post: {
			tags: ['plans'],
			summary: '更正一条台账记录（新增一条，原记录不变）',
			parameters: [planId, { name: 'entryId', in: 'path', required: true, schema: { type: 'integer' } }],
			requestBody: body(plans.correctionSchema, { amount: yuan('差额，可为负') }),
			responses: { '200': ok('已更正', idOf), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/plans/{planId}/bills': {
		get: {
			tags: ['plans'],
			summary: '缴费通知单数据：本人住户（居委会为全部住户）',
			parameters: [planId, { name: 'unitId', in: 'query', schema: { type: 'integer' } }],
			responses: { '200': ok('通知单'), ...errors(401, 403, 404, 409) }
		}
	}
};
