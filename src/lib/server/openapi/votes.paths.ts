/** OpenAPI paths of votes: consultative polls (意向表决) and owners' decisions under Civil Code Art. 278 (业主共同决定). */
import * as votes from '$lib/server/votes/input';
import { body } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });
const voteId = { name: 'voteId', in: 'path', required: true, schema: { type: 'integer' } };
const communityId = { name: 'communityId', in: 'path', required: true, schema: { type: 'integer' } };
const count = {
	type: 'object',
	required: ['heads', 'areaDm2'],
	properties: {
		heads: { type: 'integer', description: '人数（一位业主无论几套房计一人；开发商未售房屋合计一人）' },
		areaDm2: { type: 'integer', description: '专有部分面积，单位 0.01 平方米' }
	}
};

/** the written words of the vote form's fields; the shapes and limits come from votes.createSchema */
const createWords = {
	kind: 'binding = 业主共同决定（民法典第278条，单一事项）；meeting = 业主大会会议（一张选票上多项事项，须给出 items）；election = 选举业主委员会（须给出 seats 和 candidates）；poll = 意向表决。meeting 和 election 保存为 kind = binding、form = meeting / election，须先发布会议公告（POST /votes/{voteId}/notice），满 15 日后才能开启投票',
	items: '业主大会会议的表决事项（1 至 20 项），每项 {title, matter}：matter 为第278条事项代码或 ordinary / special，各项按各自的类别和门槛计票',
	seats: '选举业主委员会：应选人数（1 至 21）',
	candidates: '选举业主委员会的候选人（1 至 40 名），每名 {name, unitId?, statement?, nominators?}：姓名、所有的房屋、简短的自我介绍、推荐业主',
	matter:
		'业主共同决定必填：第278条所列事项代码，决定是一般事项还是特别事项（raise_fund 筹集维修资金、rebuild 改建重建、common_use 改变共有部分用途或经营 为特别事项）；也可只给 ordinary / special',
	topicId: '发起表决的议题；开启表决时议题进入“协商中”，最终结果后进入“已表决”',
	scopeIds: '小区、楼栋或（一个）单元的 id；全社区时省略',
	eligibility: '仅意向表决：每位已核实居民一票 / 每户一票 / 到会人员（须给出 agendaItemId：在该议事会签到的参会人每人一票）',
	agendaItemId: '从议事会的议程事项发起：表决属于该议事会（sessionId）和该事项的议题，结果写入会议纪要并显示在现场大屏',
	options: '仅意向表决：2 至 20 个选项（数组，或每行一个的文本），不得重复',
	maxChoices: '多选时最多可选几项，默认全部',
	anonymous: '匿名：只记录谁参与了，所选项只累加到各选项的票数上，不存在任何把人和选择连在一起的记录',
	changeable: '截止前可改票（匿名表决不可改票）',
	closesAt: '带时区的 ISO 时间；不带时区（如表单的 2026-12-01T18:00）按北京时间',
	objectionDays: '询异公示天数（业主共同决定）'
};

export const schemas = {
	Vote: {
		type: 'object',
		required: ['id', 'communityId', 'kind', 'title', 'status', 'eligible', 'options', 'canManage'],
		properties: {
			id: { type: 'integer' },
			communityId: { type: 'integer' },
			topicId: { type: ['integer', 'null'] },
			sessionId: { type: ['integer', 'null'] },
			kind: { type: 'string', enum: ['binding', 'poll'] },
			form: { type: 'string', enum: ['single', 'meeting', 'election'], description: 'single = 单一事项；meeting = 业主大会会议（多项事项）；election = 选举业主委员会' },
			title: { type: 'string' },
			description: { type: 'string' },
			items: { type: 'array', description: '业主大会会议的表决事项（按选票上的顺序）', items: ref('VoteItem') },
			seats: { type: ['integer', 'null'], description: '选举业主委员会的应选人数' },
			candidates: { type: 'array', description: '选举业主委员会的候选人（按选票上的顺序）', items: ref('VoteCandidate') },
			noticedAt: { type: ['string', 'null'], format: 'date-time', description: '会议公告发布时间（业主大会会议、选举）' },
			earliestStart: { type: ['string', 'null'], format: 'date-time', description: '最早可以开始投票的时间：公告发布后 15 日' },
			matter: { type: ['string', 'null'] },
			matterClass: { type: ['string', 'null'], enum: ['ordinary', 'special', null] },
			ruleVersion: { type: ['string', 'null'], example: 'civil-code-2021' },
			scope: { type: 'string' },
			scopeIds: { type: 'array', items: { type: 'integer' } },
			eligibility: { type: 'string', enum: ['owners', 'residents', 'households', 'attendees'] },
			multiple: { type: 'boolean' },
			maxChoices: { type: 'integer' },
			anonymous: { type: 'boolean' },
			changeable: { type: 'boolean' },
			status: { type: 'string', enum: ['draft', 'open', 'preliminary', 'final'] },
			eligible: { ...count, description: '表决范围的总人数和总面积：开启前公布，开启时冻结' },
			objectionDays: { type: 'integer' },
			closesAt: { type: ['string', 'null'], format: 'date-time' },
			openedAt: { type: ['string', 'null'], format: 'date-time' },
			closedAt: { type: ['string', 'null'], format: 'date-time' },
			objectionEndsAt: { type: ['string', 'null'], format: 'date-time' },
			finalizedAt: { type: ['string', 'null'], format: 'date-time' },
			createdAt: { type: 'string', format: 'date-time' },
			options: { type: 'array', items: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'integer' }, label: { type: 'string' } } } },
			canManage: { type: 'boolean', description: '当前用户是否为本社区居委会（可开启、截止、代录选票）' }
		}
	},
	VoteListItem: {
		type: 'object',
		description: '列表中的一项：表决范围的总人数和总面积为平铺的 eligibleHeads / eligibleAreaDm2',
		required: ['id', 'kind', 'form', 'title', 'status', 'matter', 'matterClass', 'topicId', 'scope', 'eligibleHeads', 'eligibleAreaDm2', 'closesAt', 'openedAt', 'closedAt', 'createdAt'],
		properties: {
			id: { type: 'integer' },
			kind: { type: 'string', enum: ['binding', 'poll'] },
			form: { type: 'string', enum: ['single', 'meeting', 'election'] },
			title: { type: 'string' },
			status: { type: 'string', enum: ['draft', 'open', 'preliminary', 'final'] },
			matter: { type: ['string', 'null'] },
			matterClass: { type: ['string', 'null'], enum: ['ordinary', 'special', null] },
			topicId: { type: ['integer', 'null'] },
			scope: { type: 'string', enum: ['community', 'estate', 'building', 'entrance'] },
			eligibleHeads: { type: 'integer', description: '表决范围的总人数：开启前公布，开启时冻结' },
			eligibleAreaDm2: { type: 'integer', description: '表决范围的总面积，单位 0.01 平方米' },
			closesAt: { type: ['string', 'null'], format: 'date-time' },
			openedAt: { type: ['string', 'null'], format: 'date-time' },
			closedAt: { type: ['string', 'null'], format: 'date-time' },
			createdAt: { type: 'string', format: 'date-time' }
		}
	},
	VoteResult: {
		description: '业主共同决定（kind = binding）、业主大会会议（kind = meeting）、选举业主委员会（kind = election）或意向表决（kind = poll）的计票',
		oneOf: [ref('BindingResult'), ref('MeetingResult'), ref('ElectionResult'), ref('PollResult')]
	},
	VoteItem: {
		type: 'object',
		required: ['id', 'title', 'matter', 'matterClass'],
		properties: {
			id: { type: 'integer', description: '投票时 choices 的键' },
			title: { type: 'string' },
			matter: { type: ['string', 'null'], description: '第278条事项代码' },
			matterClass: { type: 'string', enum: ['ordinary', 'special'] }
		}
	},
	VoteCandidate: {
		type: 'object',
		required: ['id', 'name', 'unitId', 'statement', 'nominators'],
		properties: {
			id: { type: 'integer', description: '投票时 candidateIds 的元素' },
			name: { type: 'string' },
			unitId: { type: ['integer', 'null'] },
			statement: { type: 'string', description: '简短的自我介绍' },
			nominators: { type: 'string', description: '推荐业主' }
		}
	},
	MeetingResult: {
		type: 'object',
		required: ['stage', 'kind', 'ruleVersion', 'eligible', 'participated', 'participationPermille', 'quorumMet', 'items'],
		description:
			'业主大会会议：交回选票的业主参与了每一项表决（未填写的事项计为弃权），因此参与人数和面积、是否达到三分之二（quorumMet）对各项相同；每项按各自的类别判断是否通过。',
		properties: {
			stage: { type: 'string', enum: ['draft', 'open', 'preliminary', 'final'] },
			kind: { const: 'meeting' },
			ruleVersion: { type: 'string' },
			eligible: count,
			participated: count,
			participationPermille: { type: 'object', properties: { heads: { type: 'integer' }, areaDm2: { type: 'integer' } } },
			quorumMet: { type: 'boolean' },
			items: {
				type: 'array',
				items: {
					type: 'object',
					required: ['id', 'title', 'matter', 'matterClass', 'yes', 'no', 'abstain', 'passed'],
					properties: {
						id: { type: 'integer' },
						title: { type: 'string' },
						matter: { type: ['string', 'null'] },
						matterClass: { type: 'string', enum: ['ordinary', 'special'] },
						yes: count,
						no: count,
						abstain: { ...count, description: '含选票上未填写该项的业主' },
						passed: { type: 'boolean' }
					}
				}
			}
		}
	},
	ElectionResult: {
		type: 'object',
		required: ['stage', 'kind', 'ruleVersion', 'eligible', 'participated', 'participationPermille', 'quorumMet', 'seats', 'order', 'runoffSeats', 'candidates'],
		description:
			'选举业主委员会（一般事项）：达到三分之二参与后，同意某候选人的业主人数和面积均过参与表决的半数即通过（passed）；通过的多于应选人数时按议事规则排序（order，默认先同意人数、后同意面积）取前 seats 名（elected）；最后一席完全相同的候选人标为 tie，由另行选举决定（runoffSeats 为待选席位数），系统不代为决定。',
		properties: {
			stage: { type: 'string', enum: ['draft', 'open', 'preliminary', 'final'] },
			kind: { const: 'election' },
			ruleVersion: { type: 'string' },
			eligible: count,
			participated: count,
			participationPermille: { type: 'object', properties: { heads: { type: 'integer' }, areaDm2: { type: 'integer' } } },
			quorumMet: { type: 'boolean' },
			seats: { type: 'integer' },
			order: { type: 'string', enum: ['heads_then_area', 'area_then_heads'] },
			runoffSeats: { type: 'integer' },
			candidates: {
				type: 'array',
				description: '按排序：通过的在前',
				items: {
					type: 'object',
					required: ['id', 'name', 'unitId', 'yes', 'passed', 'elected', 'tie'],
					properties: {
						id: { type: 'integer' },
						name: { type: 'string' },
						unitId: { type: ['integer', 'null'] },
						yes: { ...count, description: '同意该候选人的业主人数和面积' },
						passed: { type: 'boolean' },
						elected: { type: 'boolean' },
						tie: { type: 'boolean', description: '最后一席票数完全相同，待另行选举' }
					}
				}
			}
		}
	},
	BindingResult: {
		type: 'object',
		required: ['stage', 'kind', 'matter', 'matterClass', 'ruleVersion', 'eligible', 'participated', 'yes', 'no', 'abstain', 'participationPermille', 'quorumMet', 'passed'],
		description:
			'业主共同决定：参与人数和面积均达总数三分之二以上为有效（quorumMet）；特别事项同意须达参与人数和面积的四分之三以上，一般事项须过半数（passed）；弃权和反对都计入参与。全部整数运算。',
		properties: {
			stage: { type: 'string', enum: ['draft', 'open', 'preliminary', 'final'], description: '进行中为实时数；preliminary = 初步结果（询异公示中）' },
			kind: { const: 'binding' },
			matter: { type: ['string', 'null'] },
			matterClass: { type: 'string', enum: ['ordinary', 'special'] },
			ruleVersion: { type: 'string' },
			eligible: count,
			participated: count,
			yes: count,
			no: count,
			abstain: count,
			participationPermille: { type: 'object', description: '参与占比，千分数（向下取整）', properties: { heads: { type: 'integer' }, areaDm2: { type: 'integer' } } },
			quorumMet: { type: 'boolean' },
			passed: { type: 'boolean' }
		}
	},
	PollResult: {
		type: 'object',
		required: ['stage', 'kind', 'eligibility', 'anonymous', 'eligible', 'participated', 'participationPermille', 'options'],
		description: '意向表决：按人或按户计数',
		properties: {
			stage: { type: 'string', enum: ['draft', 'open', 'preliminary', 'final'] },
			kind: { const: 'poll' },
			eligibility: { type: 'string', enum: ['residents', 'households', 'attendees'] },
			anonymous: { type: 'boolean' },
			eligible: { type: 'object', required: ['heads'], properties: { heads: { type: 'integer' } } },
			participated: { type: 'object', required: ['heads'], properties: { heads: { type: 'integer' } } },
			participationPermille: { type: 'object', required: ['heads'], properties: { heads: { type: 'integer' } } },
			options: {
				type: 'array',
				description: '各选项票数；匿名表决进行中为 null（选择已加密封存，截止时才统计）',
				items: { type: 'object', required: ['id', 'label', 'count'], properties: { id: { type: 'integer' }, label: { type: 'string' }, count: { type: ['integer', 'null'] } } }
			}
		}
	}
};

export const paths: Paths = {
	'/communities/{communityId}/votes': {
		get: {
			tags: ['votes'],
			summary: '本社区的表决列表（新的在前）',
			parameters: [communityId],
			responses: { '200': ok('表决列表', { type: 'array', items: ref('VoteListItem') }), ...errors(401, 403, 404) }
		},
		post: {
			tags: ['votes'],
			summary: '居委会发起表决（草稿）；同时计算并公布表决范围的总人数和总面积',
			parameters: [communityId],
			requestBody: body(votes.createSchema, createWords),
			responses: {
				'201': ok('已创建', { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }),
				...errors(400, 401, 403, 404)
			}
		}
	},
	'/votes/{voteId}': {
		get: {
			tags: ['votes'],
			summary: '表决详情，含选项和表决范围的总人数、总面积',
			parameters: [voteId],
			responses: { '200': ok('表决', ref('Vote')), ...errors(401, 403, 404) }
		}
	},
	'/votes/{voteId}/notice': {
		post: {
			tags: ['votes'],
			summary: '居委会发布业主大会会议（或选举）的会议公告：通知范围内的业主；投票最早在 15 日后开始（物业管理条例）',
			parameters: [voteId],
			responses: {
				'200': ok('已发布', {
					type: 'object',
					required: ['noticedAt', 'earliestStart'],
					properties: { noticedAt: { type: 'string', format: 'date-time' }, earliestStart: { type: 'string', format: 'date-time' } }
				}),
				...errors(400, 401, 403, 404, 409)
			}
		}
	},
	'/votes/{voteId}/open': {
		post: {
			tags: ['votes'],
			summary: '居委会开启表决：冻结业主名册（此后房屋登记的变动不影响本次表决）；业主大会会议和选举在会议公告满 15 日前开启为 409，并说明最早何时可以开始',
			parameters: [voteId],
			responses: { '200': ok('已开启', { type: 'object', properties: { eligible: count } }), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/votes/{voteId}/close': {
		post: {
			tags: ['votes'],
			summary: '居委会截止表决：业主共同决定进入初步结果询异公示；意向表决直接为最终结果',
			parameters: [voteId],
			requestBody: body(votes.closeSchema, { objectionDays: '询异公示天数，覆盖发起时的设定' }, { required: false }),
			responses: { '200': ok('截止时的计票', ref('VoteResult')), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/votes/{voteId}/finalize': {
		post: {
			tags: ['votes'],
			summary: '询异公示期满且异议均已答复后，居委会确认最终结果；公示期内 409',
			parameters: [voteId],
			responses: { '200': ok('最终结果', ref('VoteResult')), ...errors(401, 403, 404, 409) }
		}
	},
	'/votes/{voteId}/ballots': {
		get: {
			tags: ['votes'],
			summary: '居委会查看选票：业主共同决定为记名票（谁投了什么、方式、代录人）；匿名意向表决只列参与者，不列选择、时间和编号，按房号和姓名排列',
			parameters: [voteId],
			responses: {
				'200': ok('选票', {
					type: 'array',
					items: {
						type: 'object',
						properties: {
							id: { type: 'integer', description: '匿名意向表决不提供' },
							unitId: { type: ['integer', 'null'] },
							estate: { type: ['string', 'null'] },
							building: { type: ['string', 'null'] },
							entrance: { type: ['string', 'null'] },
							room: { type: ['string', 'null'] },
							ownerName: { type: ['string', 'null'], description: '业主共同决定：房屋登记的业主姓名' },
							areaDm2: { type: 'integer', description: '业主共同决定：该业主计入的面积（0.01 平方米）' },
							choice: { type: ['string', 'null'], enum: ['yes', 'no', 'abstain', null], description: '业主共同决定（单一事项）' },
							choices: { type: ['object', 'null'], additionalProperties: { type: 'string', enum: ['yes', 'no', 'abstain'] }, description: '业主大会会议：事项 id → 选择；未填写的事项不出现（计为弃权）' },
							candidateIds: { type: ['array', 'null'], items: { type: 'integer' }, description: '选举：同意的候选人' },
							optionIds: { type: ['array', 'null'], items: { type: 'integer' }, description: '意向表决：记名时的选择；匿名表决为 null（系统不保存）' },
							method: { type: 'string', enum: ['online', 'paper', 'door'] },
							voterName: { type: ['string', 'null'] },
							recordedByName: { type: ['string', 'null'] },
							createdAt: { type: 'string', format: 'date-time', description: '匿名意向表决不提供' }
						}
					}
				}),
				...errors(401, 403, 404)
			}
		},
		post: {
			tags: ['votes'],
			summary: '投票：业主本人在线投票，或居委会代录纸质票/入户票',
			description: '每位业主（按业主编号，开发商未售房屋合计一位）只有一票，投出后不能更改；第二张票由数据库唯一约束拒绝（409）。意向表决允许改票时，再次投票替换原票（200）。',
			parameters: [voteId],
			requestBody: body(
				votes.castSchema,
				{
					choice: '同意 / 反对 / 弃权（业主共同决定，单一事项）',
					choices: '业主大会会议：{"<事项 id>": "yes" | "no" | "abstain"}；未填写的事项计为弃权',
					candidateIds: '选举业主委员会：同意的候选人 id，最多为应选人数；可为空数组（参与但不同意任何人）',
					optionIds: '意向表决的选项',
					unitId: '代录时为哪套房投票；业主本人投票时可指定自己的哪套房',
					method: 'paper / door 仅居委会'
				},
				{
					description:
						'业主共同决定：业主本人在线投票只传 {choice}（可选 unitId 指定自己的哪套房）；居委会代录纸质票或入户票传 {unitId, choice, method}。意向表决：居民本人传 {optionIds}；按户表决可由居委会代录 {unitId, optionIds, method}。'
				}
			),
			responses: {
				'201': ok('已投票', { type: 'object', properties: { id: { type: 'integer' }, changed: { type: 'boolean' } } }),
				'200': ok('已改票（可改票的意向表决）', { type: 'object', properties: { id: { type: 'integer' }, changed: { type: 'boolean' } } }),
				...errors(400, 401, 403, 404, 409)
			}
		}
	},
	'/votes/{voteId}/result': {
		get: {
			tags: ['votes'],
			summary: '计票结果：进行中为实时参与情况，截止后为初步/最终结果',
			parameters: [voteId],
			responses: { '200': ok('结果', ref('VoteResult')), ...errors(401, 403, 404) }
		}
	},
	'/votes/{voteId}/participants': {
		get: {
			tags: ['votes'],
			summary: '业主共同决定已参与投票的房号（公示用，不含姓名和电话）',
			parameters: [voteId],
			responses: {
				'200': ok('房号', {
					type: 'array',
					items: {
						type: 'object',
						properties: { unitId: { type: 'integer' }, estate: { type: 'string' }, building: { type: 'string' }, entrance: { type: 'string' }, room: { type: 'string' } }
					}
				}),
				...errors(400, 401, 403, 404)
			}
		}
	},
	'/votes/{voteId}/objections': {
		get: {
			tags: ['votes'],
			summary: '询异：异议及答复（提出人姓名仅居委会可见）',
			parameters: [voteId],
			responses: {
				'200': ok('异议', {
					type: 'array',
					description: '先后为序',
					items: {
						type: 'object',
						required: ['id', 'body', 'answer', 'createdAt', 'answeredAt'],
						properties: {
							id: { type: 'integer' },
							body: { type: 'string', description: '异议内容' },
							answer: { type: ['string', 'null'], description: '居委会的答复；未答复为 null' },
							createdAt: { type: 'string', format: 'date-time' },
							answeredAt: { type: ['string', 'null'], format: 'date-time' },
							userName: { type: 'string', description: '提出人姓名（仅居委会）' }
						}
					}
				}),
				...errors(401, 403, 404)
			}
		},
		post: {
			tags: ['votes'],
			summary: '表决范围内的业主在询异公示期内提出异议',
			parameters: [voteId],
			requestBody: body(votes.objectionSchema, { body: '异议内容' }),
			responses: { '201': ok('已提出', { type: 'object', properties: { id: { type: 'integer' } } }), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/votes/{voteId}/objections/{objectionId}/answer': {
		post: {
			tags: ['votes'],
			summary: '居委会答复异议',
			parameters: [voteId, { name: 'objectionId', in: 'path', required: true, schema: { type: 'integer' } }],
			requestBody: body(votes.answerSchema, { answer: '答复内容' }),
			responses: { '200': ok('已答复', { type: 'object', properties: { ok: { type: 'boolean' } } }), ...errors(400, 401, 403, 404, 409) }
		}
	}
};
