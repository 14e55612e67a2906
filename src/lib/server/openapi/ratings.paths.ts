/** OpenAPI paths of quarterly cadre satisfaction ratings (季度民心测评): rounds, rating, aggregates only. */
import * as v from 'valibot';
import { phone } from '$lib/server/http/validate';
import * as ratings from '$lib/server/ratings/input';
import { body } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });
const roundId = { name: 'roundId', in: 'path', required: true, schema: { type: 'integer' } };
const communityId = { name: 'communityId', in: 'path', required: true, schema: { type: 'integer' } };
const phase = { type: 'string', enum: ['upcoming', 'open', 'closed', 'published'], description: '未开始 / 测评中 / 已结束 / 已公布' };

const figures = {
	type: 'object',
	required: ['shown'],
	properties: {
		shown: { type: 'boolean', description: '有效评价数达到社区设置的最少评价数（默认 5）才为 true；否则以下数字全部省略' },
		counts: {
			type: 'object',
			description: '各等级人数：5 非常满意，4 满意，3 基本满意，2 不满意，1 非常不满意',
			properties: { '5': { type: 'integer' }, '4': { type: 'integer' }, '3': { type: 'integer' }, '2': { type: 'integer' }, '1': { type: 'integer' } }
		},
		valid: { type: 'integer', description: '有效评价数' },
		satisfaction: { type: 'string', example: '99.5%', description: '满意率 = (非常满意+满意+基本满意) ÷ 有效评价数，一位小数，四舍五入' },
		strict: { type: 'string', example: '96.0%', description: '严格满意率 = (非常满意+满意) ÷ 有效评价数' },
		mean: { type: 'string', example: '4.71', description: '平均分 = Σ(等级分×人数) ÷ 有效评价数，两位小数' },
		satisfactionPermille: { type: 'integer', example: 995 }
	}
};

const time = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const status = { type: 'string', enum: ['open', 'closed', 'published'], description: 'open 进行中 · closed 已结束 · published 已公布' };
const community = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } };
const level = { type: 'integer', minimum: 1, maximum: 5, description: '5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意' };
/** figures of one cadre: the summary and who it is about */
const cadreFigures = {
	...figures,
	properties: {
		...figures.properties,
		cadreId: { type: 'integer' },
		name: { type: 'string' },
		post: { type: 'string' },
		grid: { type: ['string', 'null'] },
		flagged: { type: 'boolean', description: '需提醒谈话' }
	}
};
/** the figures of a closed round (the same in the results and on the round page) */
const roundFigures = {
	minCount: { type: 'integer', description: '显示数字所需的最少有效评价数（结束时固定）' },
	flagThresholdPermille: { type: 'integer', description: '满意率低于此千分数的干部列入提醒谈话（结束时固定）' },
	cadres: { type: 'array', items: cadreFigures },
	total: { ...figures, description: '全社区干部的评价合计（只含数字已显示的干部，以免推算出未显示的）' },
	raters: { type: 'integer', description: '参评人数' },
	eligible: { type: 'integer', description: '测评结束时本社区已核实居民数' },
	participation: { type: 'string', example: '68.2%', description: '参评率 = 参评人数 ÷ 已核实居民数' }
};

export const schemas = {
	Cadre: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			name: { type: 'string' },
			post: { type: 'string', description: '职务' },
			responsibilities: { type: 'string', description: '分工' },
			gridId: { type: ['integer', 'null'] },
			grid: { type: ['string', 'null'], description: '负责的网格名称' },
			photoFileId: { type: ['integer', 'null'] },
			active: { type: 'boolean', description: '在任（新的测评只列在任干部）' },
			position: { type: 'integer', description: '名单中的顺序' }
		}
	},
	RatingRoundView: {
		type: 'object',
		description: '测评页面的内容：各人只看到自己可看的部分',
		required: ['round', 'community', 'settings', 'cadres', 'canRate', 'isCommittee', 'ratersSoFar', 'figures', 'allCadres', 'talks', 'followUps'],
		properties: {
			round: {
				type: 'object',
				properties: {
					id: { type: 'integer' },
					communityId: { type: 'integer' },
					year: { type: 'integer' },
					quarter: { type: 'integer' },
					opensAt: time,
					closesAt: time,
					status,
					closedAt: nullableTime,
					publishedAt: nullableTime,
					phase
				}
			},
			community,
			settings: {
				type: 'object',
				description: '本轮所用的门槛：结束后为结束时固定的，之前为社区当前的设置',
				properties: {
					minCount: { type: 'integer' },
					flagThresholdPermille: { type: 'integer' },
					followUpDays: { type: 'integer', description: '不满意意见的跟进期限（天）' }
				}
			},
			cadres: {
				type: 'array',
				description: '本轮的干部名单',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						name: { type: 'string' },
						post: { type: 'string' },
						responsibilities: { type: 'string' },
						photoFileId: { type: ['integer', 'null'] },
						grid: { type: ['string', 'null'] },
						self: { type: 'boolean', description: '就是读者本人（不评自己）' },
						mine: {
							type: ['object', 'null'],
							description: '本人当前的评价（只有本人能看到；测评中才有）',
							properties: { level, comment: { type: 'string' } }
						}
					}
				}
			},
			canRate: { type: 'boolean' },
			isCommittee: { type: 'boolean' },
			ratersSoFar: { type: ['integer', 'null'], description: '目前参评人数（未开始或测评中）；结束后为 null' },
			figures: {
				type: ['object', 'null'],
				description: '汇总数字：结束后（居委会、干部、街道管理员）或公布后（所有人）；否则为 null',
				properties: roundFigures
			},
			allCadres: {
				type: 'array',
				description: '社区全部干部（仅居委会、测评进行中，用于调整名单）',
				items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, post: { type: 'string' }, active: { type: 'boolean' } } }
			},
			talks: {
				type: 'array',
				description: '提醒谈话记录（仅居委会，且可看汇总时）',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						cadreId: { type: 'integer' },
						cadre: { type: 'string' },
						heldAt: time,
						note: { type: 'string' },
						recordedBy: { type: 'string' }
					}
				}
			},
			followUps: {
				type: 'array',
				description: '不满意意见的跟进事项（仅居委会，且可看汇总时）',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						cadreId: { type: 'integer' },
						cadre: { type: 'string' },
						level,
						comment: { type: 'string' },
						dueAt: time,
						action: { type: 'string' },
						doneAt: nullableTime,
						overdue: { type: 'boolean' }
					}
				}
			},
			comments: {
				type: 'array',
				description: '居民意见（不署名），按干部；仅居委会，只含评价数达到本轮门槛的干部；按等级和文字排序，与填写先后无关',
				items: {
					type: 'object',
					required: ['cadreId', 'name', 'post', 'comments'],
					properties: {
						cadreId: { type: 'integer' },
						name: { type: 'string' },
						post: { type: 'string' },
						comments: {
							type: 'array',
							items: { type: 'object', required: ['level', 'comment'], properties: { level, comment: { type: 'string' } } }
						}
					}
				}
			}
		}
	},
	RatingTrend: {
		type: 'object',
		required: ['community', 'xLabels', 'rounds', 'communitySeries', 'cadreSeries'],
		properties: {
			community,
			xLabels: { type: 'array', items: { type: 'string', example: '2026Q4' }, description: '各季度，先后为序' },
			rounds: {
				type: 'array',
				items: { type: 'object', properties: { id: { type: 'integer' }, year: { type: 'integer' }, quarter: { type: 'integer' } } }
			},
			communitySeries: {
				type: 'object',
				description: '全社区每季度的满意率（%）',
				properties: { name: { type: 'string' }, values: { type: 'array', items: { type: ['number', 'null'] } } }
			},
			cadreSeries: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						cadreId: { type: 'integer' },
						name: { type: 'string' },
						values: { type: 'array', items: { type: ['number', 'null'] }, description: '每季度的满意率（%），与 xLabels 对应' }
					}
				}
			}
		}
	},
	RatingRound: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			year: { type: 'integer' },
			quarter: { type: 'integer' },
			opensAt: { type: 'string', format: 'date-time' },
			closesAt: { type: 'string', format: 'date-time' },
			status,
			phase,
			publishedAt: { type: ['string', 'null'], format: 'date-time' }
		}
	},

	RatingResults: {
		type: 'object',
		description: '只有汇总数字，没有任何单条评价或评价人',
		properties: {
			round: {
				type: 'object',
				properties: {
					id: { type: 'integer' },
					year: { type: 'integer' },
					quarter: { type: 'integer' },
					status,
					closedAt: nullableTime,
					publishedAt: nullableTime
				}
			},
			community,
			formulas: {
				type: 'object',
				description: '每个数字的计算口径（文字）',
				properties: { satisfaction: { type: 'string' }, strict: { type: 'string' }, mean: { type: 'string' }, participation: { type: 'string' } }
			},
			...roundFigures
		}
	},

	OwnRatings: {
		type: 'object',
		description: '干部本人的各季度测评结果和居民意见。意见不含评价人、时间或编号，按等级和内容排列；只来自已结束的测评，且只在该季度对本人的评价数达到该季度最少评价数时给出',
		required: ['community', 'cadre', 'rounds', 'trend'],
		properties: {
			community: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
			cadre: {
				type: 'object',
				required: ['id', 'name', 'post', 'grid'],
				properties: { id: { type: 'integer' }, name: { type: 'string' }, post: { type: 'string' }, grid: { type: ['string', 'null'] } }
			},
			rounds: {
				type: 'array',
				description: '已结束或已公布、本人在名单中的季度，新的在前',
				items: {
					...figures,
					required: ['id', 'year', 'quarter', 'status', 'publishedAt', 'minCount', 'shown', 'flagged', 'communitySatisfaction', 'comments'],
					properties: {
						...figures.properties,
						id: { type: 'integer' },
						year: { type: 'integer' },
						quarter: { type: 'integer' },
						status: { type: 'string', enum: ['closed', 'published'], description: '已结束（未公布）/ 已公布' },
						publishedAt: { type: ['string', 'null'], format: 'date-time' },
						minCount: { type: 'integer', description: '该季度结束时确定的最少评价数' },
						flagged: { type: 'boolean', description: '满意率低于提醒线，需提醒谈话' },
						communitySatisfaction: { type: ['string', 'null'], example: '96.3%', description: '同季度全社区满意率（评价数足够的干部合计）' },
						comments: {
							type: 'array',
							description: '居民意见；评价数不足时为空',
							items: {
								type: 'object',
								required: ['level', 'comment'],
								properties: { level: { type: 'integer', description: '该条评价的等级 1–5' }, comment: { type: 'string' } }
							}
						}
					}
				}
			},
			trend: {
				type: 'object',
				required: ['xLabels', 'values'],
				properties: {
					xLabels: { type: 'array', items: { type: 'string' }, example: ['2026Q1', '2026Q2'] },
					values: { type: 'array', items: { type: ['number', 'null'] }, description: '各季度满意率（%），旧的在前；评价数不足为 null' }
				}
			}
		}
	}
};

export const paths: Paths = {
	'/communities/{communityId}/ratings/mine': {
		get: {
			tags: ['ratings'],
			summary: '干部本人的各季度测评结果和不署名的居民意见（只限测评名单中与本账号关联的干部本人；其他人 403）',
			parameters: [communityId],
			responses: { '200': ok('本人结果', ref('OwnRatings')), ...errors(401, 403, 404) }
		}
	},
	'/communities/{communityId}/rating-rounds': {
		get: {
			tags: ['ratings'],
			summary: '本社区的季度测评列表（本社区成员、街道管理员）',
			parameters: [communityId],
			responses: { '200': ok('测评', { type: 'array', items: ref('RatingRound') }), ...errors(401, 403, 404) }
		},
		post: {
			tags: ['ratings'],
			summary: '居委会建立季度测评；所有在任干部列入本轮名单',
			parameters: [communityId],
			requestBody: body(ratings.roundSchema, {
				opensAt: '带时区的 ISO 时间，或按北京时间的日期 2026-12-18；省略时为季度最后两周的开始',
				closesAt: '同上；只给日期时在该日 24:00（北京时间）结束；省略时为季度最后一天结束'
			}),
			responses: { '201': ok('已建立', { type: 'object', properties: { id: { type: 'integer' } } }), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/communities/{communityId}/cadres': {
		get: {
			tags: ['ratings'],
			summary: '社区干部名单',
			parameters: [communityId],
			responses: { '200': ok('干部（含已离任的），按名单顺序', { type: 'array', items: ref('Cadre') }), ...errors(401, 403, 404) }
		},
		post: {
			tags: ['ratings'],
			summary: '居委会添加干部',
			parameters: [communityId],
			requestBody: body(ratings.cadreSchema, { post: '职务', responsibilities: '分工', gridId: '负责的网格', position: '名单中的顺序' }),
			responses: { '201': ok('已添加', { type: 'object', properties: { id: { type: 'integer' } } }), ...errors(400, 401, 403, 404) }
		}
	},
	'/communities/{communityId}/rating-trend': {
		get: {
			tags: ['ratings'],
			summary: '各季度满意率（%）：全社区和每位干部；评价数不足的季度为 null。居民只看到已公布的季度',
			parameters: [communityId],
			responses: { '200': ok('趋势', ref('RatingTrend')), ...errors(401, 403, 404) }
		}
	},
	'/rating-rounds/{roundId}': {
		get: {
			tags: ['ratings'],
			summary: '一轮测评：干部名单、本人当前的评价（只有本人能看到）、参评人数；结束后（居委会、干部）或公布后（居民）附汇总数字',
			parameters: [roundId],
			responses: { '200': ok('测评', ref('RatingRoundView')), ...errors(401, 403, 404) }
		}
	},
	'/rating-rounds/{roundId}/ratings': {
		post: {
			tags: ['ratings'],
			summary: '已核实居民评价本轮干部（可只评部分）；同一位干部再次评价即替换上次的评价，永不重复计数。带 phone 时为居委会代录纸质测评表',
			parameters: [roundId],
			requestBody: body(
				// without phone a resident rates; with it a committee member enters a paper form (ratings.paperSchema)
				v.object({ ...ratings.rateSchema.entries, phone: v.optional(phone) }),
				{ phone: '仅居委会代录纸质测评表时：该居民的手机号（只用于防止重复计数，不与评价一起保存）' },
				{ description: '每位干部一项 {cadreId, level, comment}；level：5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意' }
			),
			responses: {
				'200': ok('已保存', { type: 'object', properties: { rated: { type: 'integer', description: '本次评价的干部数' } } }),
				...errors(400, 401, 403, 404, 409)
			}
		}
	},
	'/rating-rounds/{roundId}/results': {
		get: {
			tags: ['ratings'],
			summary: '汇总结果（只有汇总）；结束前 409，公布前只有居委会、干部和街道管理员可见',
			parameters: [roundId],
			responses: { '200': ok('结果', ref('RatingResults')), ...errors(401, 403, 404, 409) }
		}
	},
	'/rating-rounds/{roundId}/close': {
		post: {
			tags: ['ratings'],
			summary: '居委会结束测评：统计各等级人数，删除防重复用的密钥，生成不满意意见跟进事项',
			parameters: [roundId],
			responses: { '200': ok('结果', ref('RatingResults')), ...errors(401, 403, 404, 409) }
		}
	},
	'/rating-rounds/{roundId}/publish': {
		post: {
			tags: ['ratings'],
			summary: '居委会公布结果',
			parameters: [roundId],
			responses: { '200': ok('结果', ref('RatingResults')), ...errors(401, 403, 404, 409) }
		}
	}
};
