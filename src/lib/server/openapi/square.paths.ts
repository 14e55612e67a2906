/** OpenAPI paths of the public square's moderation (举报与审核): authors' edits and deletions, reports, the committee's queue and decisions. */
import { COMMENT_STATES, REPORT_REASONS } from '../db/schema';
import * as topics from '$lib/server/topics/input';
import { body } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonOf = (schema: unknown) => ({ 'application/json': { schema } });
const idPath = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' }, description });
const time = { type: 'string', format: 'date-time' };
const state = {
	type: 'string',
	enum: [...COMMENT_STATES],
	description: 'published 公开显示 · pending 待居委会审核（先审后发，或被隐藏后修改重新提交） · hidden 已隐藏（公开理由） · deleted 作者已删除（保留占位）'
};
const reason = {
	type: 'string',
	enum: [...REPORT_REASONS],
	description: 'privacy 含他人个人信息 · abuse 辱骂、人身攻击 · ad 广告 · false 不实信息 · other 其他'
};
const commentId = idPath('commentId', '评论或回复的 id');

export const schemas = {
	CommentState: {
		type: 'object',
		required: ['id', 'state'],
		properties: {
			id: { type: 'integer' },
			state,
			body: { type: 'string' },
			editedAt: { type: ['string', 'null'], format: 'date-time' },
			hiddenReason: { type: ['string', 'null'], description: '隐藏时的公开理由' }
		}
	},
	CommentReport: {
		type: 'object',
		required: ['id', 'commentId', 'reason', 'state', 'createdAt'],
		properties: { id: { type: 'integer' }, commentId: { type: 'integer' }, reason, state: { type: 'string', enum: ['open'] }, createdAt: time }
	},
	ModerationQueue: {
		type: 'object',
		properties: {
			community: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
			items: {
				type: 'array',
				description: '有待处理举报的评论，以及待审核的评论，最早的在前（不显示举报人）',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						topicId: { type: 'integer' },
						topicTitle: { type: 'string' },
						parentId: { type: ['integer', 'null'] },
						body: { type: 'string' },
						state,
						hiddenReason: { type: ['string', 'null'] },
						editedAt: { type: ['string', 'null'], format: 'date-time' },
						createdAt: time,
						authorName: { type: 'string' },
						reports: {
							type: 'array',
							items: { type: 'object', properties: { id: { type: 'integer' }, reason, note: { type: 'string' }, createdAt: time } }
						}
					}
				}
			}
		}
	}
};

export const paths: Paths = {
	'/comments/{commentId}': {
		parameters: [commentId],
		patch: {
			tags: ['topics'],
			summary: '作者修改自己的评论',
			description:
				'发表后 15 分钟内可修改（标注“已编辑”）；被隐藏的评论随时可改，改后回到“待审核”，即重新提交居委会。原文保留在操作日志中。内容里有手机号、座机或身份证号时拒绝（400，code personal_info，提示在 body 旁）；确是公开的单位电话时带 confirmPersonal: true（身份证号不可确认）。',
			requestBody: body(topics.EditInput, { confirmPersonal: '确认其中的电话是公开的单位电话' }),
			responses: { '200': { description: '修改后的状态', content: jsonOf(ref('CommentState')) }, ...errors(400, 401, 403, 404, 409) }
		},
		delete: {
			tags: ['topics'],
			summary: '作者删除自己的评论',
			description: '议题下留下“该评论已被作者删除”的占位，回复保留；原文保留在操作日志中。',
			responses: { '200': { description: '已删除', content: jsonOf(ref('CommentState')) }, ...errors(401, 403, 404) }
		}
	},
	'/comments/{commentId}/reports': {
		parameters: [commentId],
		post: {
			tags: ['topics'],
			summary: '举报评论或回复',
			description: '本社区任何经核实的角色可举报他人公开显示的评论；同一人对同一评论在处理前只能举报一次（409）。居委会处理后通过站内消息答复。',
			requestBody: body(topics.ReportInput, { reason: reason.description, note: '补充说明（选填）' }),
			responses: { '201': { description: '已举报', content: jsonOf(ref('CommentReport')) }, ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/comments/{commentId}/moderation': {
		parameters: [commentId],
		post: {
			tags: ['topics'],
			summary: '居委会处理评论：隐藏、保留或公开显示',
			description:
				'仅本社区居委会。hide：隐藏并写明公开理由（如：该内容因含他人隐私已被隐藏），作者和举报人收到站内消息；keep：保留并答复举报人；publish：公开显示待审核或已隐藏的评论，告诉作者。原文和决定记入操作日志。',
			requestBody: body(topics.ModerateInput, { decision: 'hide 隐藏 · keep 保留 · publish 公开显示', reason: 'hide 时为公开理由，keep 时为给举报人的答复（两者必填）' }),
			responses: { '200': { description: '处理后的状态', content: jsonOf(ref('CommentState')) }, ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/communities/{communityId}/moderation': {
		parameters: [idPath('communityId', '社区 id')],
		get: {
			tags: ['topics'],
			summary: '居委会的举报与审核队列',
			description: '仅本社区居委会。',
			responses: { '200': { description: '待处理的评论', content: jsonOf(ref('ModerationQueue')) }, ...errors(401, 403, 404) }
		}
	}
};
