/** OpenAPI paths of cost-sharing plans (费用分摊 / 众筹): quotes, funding, splits, pledges, payments and the public ledger. */
import {
	PLAN_COLLECTIONS,
	PLAN_LEDGER_KINDS,
	PLAN_PAYMENT_METHODS,
	PLAN_SOURCE_KINDS,
	PLAN_SOURCE_STATUSES,
	PLAN_SPLIT_RULES,
	PLAN_STATUSES,
	PLAN_SURPLUS_POLICIES,
	VOTE_SCOPES,
	VOTE_STATUSES
} from '../db/schema';
import * as plans from '$lib/server/plans/input';
import { body } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });
const planId = { name: 'planId', in: 'path', required: true, schema: { type: 'integer' } };
const communityId = { name: 'communityId', in: 'path', required: true, schema: { type: 'integer' } };
const yuan = (description: string) => `${description}（元，最多两位小数，如 "8000" 或 "333.33"；服务端按分（整数）保存，不经浮点）`;
const fen = (description: string) => ({ type: 'integer', description: `${description}（分）` });
const idOf = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };
const time = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const community = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };
const status = { type: 'string', enum: [...PLAN_STATUSES], description: 'draft 草稿 · published 已公示 · closed 已结算' };
const collection = { type: 'string', enum: [...PLAN_COLLECTIONS], description: 'levy 按户收费 · voluntary 自愿认捐' };
const splitRule = { type: 'string', enum: [...PLAN_SPLIT_RULES], description: 'equal 按户均摊 · area 按面积 · floor 按楼层系数 · voluntary 自愿认捐' };
const surplusPolicy = { type: 'string', enum: [...PLAN_SURPLUS_POLICIES], description: 'refund 按出资比例退还 · estate_fund 转入小区公共收益' };
const sourceKind = { type: 'string', enum: [...PLAN_SOURCE_KINDS], description: '资金来源的类别（kindName 为其中文名）' };
const sourceStatus = { type: 'string', enum: [...PLAN_SOURCE_STATUSES], description: 'promised 已承诺 · received 已到账' };
const voteRef = {
	type: 'object',
	required: ['id', 'title', 'status'],
	properties: { id: { type: 'integer' }, title: { type: 'string' }, status: { type: 'string', enum: [...VOTE_STATUSES] } }
};
const share = {
	type: 'object',
	required: ['unitId', 'label', 'areaDm2', 'floor', 'weight', 'amountFen'],
	properties: {
		unitId: { type: 'integer' },
		label: { type: 'string', description: '小区 楼栋 单元 房号' },
		areaDm2: { type: 'integer', description: '专有部分面积（0.01 m²）' },
		floor: { type: 'integer', description: '由房号推出的楼层' },
		weight: { type: 'integer', description: '分摊权重：按户为 1，按面积为面积，按楼层为该层系数' },
		amountFen: fen('该户应分摊')
	}
};

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
	PlanItem: {
		type: 'object',
		description: '一个项目及其全部报价；费用为选定的报价',
		required: ['id', 'name', 'note', 'chosenQuoteId', 'chosenReason', 'chosenFen', 'quotes'],
		properties: {
			id: { type: 'integer' },
			name: { type: 'string' },
			note: { type: 'string' },
			chosenQuoteId: { type: ['integer', 'null'] },
			chosenReason: { type: ['string', 'null'], description: '选定的理由' },
			chosenFen: { type: ['integer', 'null'], description: '选定报价的金额（分）；未选定为 null' },
			quotes: {
				type: 'array',
				items: {
					type: 'object',
					required: ['id', 'supplier', 'amountFen', 'note', 'chosen'],
					properties: { id: { type: 'integer' }, supplier: { type: 'string' }, amountFen: fen('报价'), note: { type: 'string' }, chosen: { type: 'boolean' } }
				}
			}
		}
	},
	PlanPledge: {
		type: 'object',
		required: ['id', 'amountFen', 'createdAt', 'showName', 'name', 'unitId'],
		properties: {
			id: { type: 'integer' },
			amountFen: fen('认捐金额'),
			createdAt: time,
			showName: { type: 'boolean' },
			name: { type: ['string', 'null'], description: '认捐人不同意公开时为 null（居委会在方案页总能看到）' },
			unitId: { type: ['integer', 'null'], description: '仅居委会在方案页可见，其他为 null' }
		}
	},
	PlanView: {
		type: 'object',
		description: '方案全貌：项目与报价、总价、资金来源（承诺/到账）、进度、表决批准状态、本人住户的应缴/已缴、认捐（仅公示同意公开的姓名）；居委会另有 manage',
		properties: {
			community,
			plan: {
				type: 'object',
				properties: {
					id: { type: 'integer' },
					communityId: { type: 'integer' },
					title: { type: 'string' },
					description: { type: 'string' },
					status,
					collection,
					splitRule,
					floorCoefficients: { type: 'object', additionalProperties: { type: 'integer' }, description: '按楼层分摊时每层的系数（‰），键为楼层', example: { '1': 0, '2': 1000 } },
					scope: { type: 'string', enum: [...VOTE_SCOPES] },
					scopeIds: { type: 'array', items: { type: 'integer' }, description: '范围内的小区、楼栋或单元；全社区为空' },
					surplusPolicy,
					voteId: { type: ['integer', 'null'] },
					actualCostFen: { type: ['integer', 'null'], description: '结算时记录的实际费用（分）' },
					closingNote: { type: ['string', 'null'] },
					publishedAt: nullableTime,
					closedAt: nullableTime
				}
			},
			topic: { type: ['object', 'null'], description: '方案所属议题', properties: { id: { type: 'integer' }, title: { type: 'string' } } },
			scopeNames: { type: 'array', items: { type: 'string' }, description: '范围内小区、楼栋或单元的名称' },
			items: { type: 'array', items: ref('PlanItem') },
			totalFen: fen('总价：各项目选定报价之和'),
			sources: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						kind: sourceKind,
						kindName: { type: 'string' },
						name: { type: 'string' },
						amountFen: fen('金额'),
						status: sourceStatus,
						receivedFen: fen('已到账（居民分摊为已缴合计）')
					}
				}
			},
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
				properties: {
					needed: { type: 'boolean', description: '按户收费须经业主共同决定批准' },
					passed: { type: 'boolean', description: '关联的表决已最终通过' },
					canCollect: { type: 'boolean', description: '已公示且（无须批准或已批准）：可认捐、缴费' },
					vote: { oneOf: [voteRef, { type: 'null' }], description: '关联的业主共同决定' }
				}
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
			pledges: { type: 'array', items: ref('PlanPledge') },
			manage: {
				type: ['object', 'null'],
				description: '仅居委会：缴费记录、住户、台账记录和可关联的表决；其他人为 null',
				properties: {
					payments: {
						type: 'array',
						items: {
							type: 'object',
							properties: {
								id: { type: 'integer' },
								unitId: { type: ['integer', 'null'] },
								unit: { type: 'string', description: '住户（无住户时为空字符串）' },
								payerName: { type: 'string' },
								showName: { type: 'boolean' },
								amountFen: fen('金额'),
								method: { type: 'string', enum: [...PLAN_PAYMENT_METHODS], description: 'cash 现金 · transfer 转账 · via_hoa 经业委会' },
								paidOn: { type: 'string', format: 'date' },
								receiptNo: { type: 'string' }
							}
						}
					},
					units: { type: 'array', description: '范围内的住户', items: { type: 'object', properties: { id: { type: 'integer' }, label: { type: 'string' } } } },
					entries: {
						type: 'array',
						description: '台账记录（供更正时选择）',
						items: {
							type: 'object',
							properties: {
								id: { type: 'integer' },
								no: { type: 'integer', minimum: 1, description: '本计划台账中的序号：1、2、…' },
								kind: { type: 'string', enum: [...PLAN_LEDGER_KINDS] },
								amountFen: fen('收入为正、支出为负'),
								reference: { type: 'string' },
								note: { type: 'string' }
							}
						}
					},
					votes: { type: 'array', description: '本社区的业主共同决定（可关联）', items: voteRef }
				}
			}
		}
	},
	PlanLedger: {
		type: 'object',
		description: '公示台账：只增不改（数据库触发器拒绝 UPDATE/DELETE）；更正是另一条记录（correctsId）',
		properties: {
			community,
			plan: {
				type: 'object',
				properties: {
					id: { type: 'integer' },
					communityId: { type: 'integer' },
					title: { type: 'string' },
					status,
					surplusPolicy,
					actualCostFen: { type: ['integer', 'null'] },
					closedAt: { type: ['string', 'null'], format: 'date-time' },
					publishedAt: { type: ['string', 'null'], format: 'date-time' }
				}
			},
			items: { type: 'array', description: '项目及报价', items: ref('PlanItem') },
			totalFen: fen('所选报价的合计'),
			sources: {
				type: 'array',
				items: { type: 'object', properties: { kind: sourceKind, kindName: { type: 'string' }, name: { type: 'string' }, amountFen: fen('金额'), status: sourceStatus } }
			},
			pledges: { type: 'array', description: '认捐（姓名只列同意公示的认捐人，其余为 null；不含住户）', items: ref('PlanPledge') },
			committee: { type: 'boolean', description: '读者是否为本社区居委会' },
			lines: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer', description: '记录编号（全站唯一，更正时用）' },
						no: { type: 'integer', minimum: 1, description: '本计划台账中的序号：1、2、…，按记账先后' },
						kind: { type: 'string', enum: [...PLAN_LEDGER_KINDS] },
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
			totals: {
				type: 'object',
				description: '台账合计（分）：按每条记录（含更正）最初的类别归类',
				properties: {
					balanceFen: fen('余额'),
					sourcesFen: fen('资金来源到账'),
					paymentsFen: fen('居民缴费'),
					spentFen: fen('支出'),
					refundedFen: fen('退还住户'),
					toFundFen: fen('转入小区公共收益')
				}
			}
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
			responses: {
				'200': ok('方案列表', {
					type: 'object',
					required: ['community', 'canManage', 'plans'],
					properties: {
						community,
						canManage: { type: 'boolean', description: '当前用户是否为本社区居委会' },
						plans: {
							type: 'array',
							description: '新的在前',
							items: {
								type: 'object',
								properties: {
									id: { type: 'integer' },
									title: { type: 'string' },
									status,
									collection,
									topicId: { type: 'integer' },
									topicTitle: { type: 'string' },
									createdAt: time,
									totalFen: fen('总价'),
									raisedFen: fen('已到账（资金来源与居民缴费）')
								}
							}
						}
					}
				}),
				...errors(401, 403, 404)
			}
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
			responses: {
				'200': ok('分摊', {
					type: 'object',
					required: ['fixed', 'rule', 'totalFen', 'households', 'rows'],
					properties: {
						fixed: { type: 'boolean', description: 'true：公示时固定的金额；false：草稿的预览' },
						rule: splitRule,
						totalFen: fen('居民分摊总额'),
						households: { type: 'integer', description: '住户数' },
						rows: { type: 'array', items: share }
					}
				}),
				...errors(401, 403, 404, 409)
			}
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
			responses: {
				'200': ok('通知单', {
					type: 'object',
					required: ['community', 'plan', 'totalFen', 'bills', 'issuedOn'],
					properties: {
						community,
						plan: {
							type: 'object',
							properties: { id: { type: 'integer' }, communityId: { type: 'integer' }, title: { type: 'string' }, collection, splitRule, status }
						},
						totalFen: fen('方案总价'),
						bills: {
							type: 'array',
							items: {
								type: 'object',
								properties: {
									unitId: { type: 'integer' },
									label: { type: 'string' },
									ownerName: { type: 'string', description: '业主姓名（仅居委会；其他为空字符串）' },
									areaDm2: { type: 'integer' },
									dueFen: fen('应缴：按户收费为分摊额，自愿认捐为认捐额'),
									paidFen: fen('已缴'),
									owedFen: fen('尚欠')
								}
							}
						},
						issuedOn: { type: 'string', format: 'date', description: '开具日期（北京时间）' }
					}
				}),
				...errors(401, 403, 404, 409)
			}
		}
	}
};
