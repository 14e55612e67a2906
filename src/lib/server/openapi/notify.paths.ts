/** OpenAPI paths of the inbox (站内消息) and following (关注). */
import { FOLLOW_TARGETS, INBOX_KINDS } from '../db/schema';
import { ListInput } from '$lib/server/notify/inbox';
import { query } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonOf = (schema: unknown) => ({ 'application/json': { schema } });

export const schemas = {
	InboxItem: {
		type: 'object',
		required: ['id', 'kind', 'title', 'body', 'link', 'createdAt', 'readAt'],
		properties: {
			id: { type: 'integer' },
			kind: {
				type: 'string',
				enum: [...INBOX_KINDS],
				description: 'topic_status 议题状态变化 · vote_opened 表决开始 · vote_result 表决最终结果 · request_update 反映的问题有进展 · comment_reply 评论被回复或议题有居委会答复 · comment_moderated 评论被隐藏、恢复显示，或举报有了答复'
			},
			title: { type: 'string', description: '按读者的语言（locale Cookie 或 Accept-Language）生成，如：议题有新进展' },
			body: { type: 'string', description: '同上，如：议题“小区路灯维修”现在的状态是“已受理”。' },
			link: { type: 'string', description: '相关页面在本站的路径', example: '/c/1/topics/12' },
			createdAt: { type: 'string', format: 'date-time' },
			readAt: { type: ['string', 'null'], format: 'date-time', description: '未读时为 null' }
		}
	},
	Following: {
		type: 'object',
		required: ['following'],
		properties: { following: { type: 'boolean', description: '当前用户是否关注' } }
	}
};

const follow = {
	parameters: [
		{ name: 'targetType', in: 'path', required: true, schema: { type: 'string', enum: [...FOLLOW_TARGETS] }, description: 'topic 议题 · session 议事会 · vote 表决 · plan 费用方案 · request 反映的问题' },
		{ name: 'targetId', in: 'path', required: true, schema: { type: 'integer' }, description: '该内容的 id' }
	]
};
const followDescription =
	'只能关注自己能看到的内容：本社区经核实的成员（或所在街道管理员）可关注议题、议事会、表决和已公布的方案；反映的问题只有反映人和处理人（居委会、网格员）可关注。看不到的内容（包括其他社区的）一律 404。';
const followResponses = { '200': { description: '关注状态', content: jsonOf(ref('Following')) }, ...errors(401, 404) };

export const paths: Paths = {
	'/me/inbox': {
		get: {
			tags: ['inbox'],
			summary: '我的站内消息：最新在前，每次 50 条，以及未读数',
			description:
				'只返回当前用户自己的消息。与您有关的变化会在发生的同一事务中写入：您提出、附议或关注的议题状态变化；您可参加的表决开始（业主共同决定：名册上房屋的业主；意向表决：范围内的居民），以及表决最终结果；您反映（登录后）或关注的问题受理、转派、有进展、办结。引起变化的人自己不会收到。标题和正文按读者的语言生成。用 before（上一页最后一条的 id）取更早的 50 条。',
			parameters: query(ListInput, { before: '只返回 id 小于它的消息（翻页）' }),
			responses: {
				'200': {
					description: '消息',
					content: jsonOf({
						type: 'object',
						required: ['unread', 'items'],
						properties: { unread: { type: 'integer', description: '全部未读消息数' }, items: { type: 'array', maxItems: 50, items: ref('InboxItem') } }
					})
				},
				...errors(400, 401)
			}
		}
	},
	'/me/inbox/{itemId}/read': {
		parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'integer' }, description: '消息 id' }],
		post: {
			tags: ['inbox'],
			summary: '把一条消息标为已读',
			description: '只能标记自己的消息；别人的消息或不存在的 id 一律 404。已读的再标一次不变。',
			responses: {
				'200': {
					description: '已标为已读',
					content: jsonOf({ type: 'object', required: ['item', 'unread'], properties: { item: ref('InboxItem'), unread: { type: 'integer', description: '剩余未读数' } } })
				},
				...errors(401, 404)
			}
		}
	},
	'/me/follows/{targetType}/{targetId}': {
		...follow,
		get: { tags: ['inbox'], summary: '是否关注了这项内容', description: followDescription, responses: followResponses },
		put: {
			tags: ['inbox'],
			summary: '关注：这项内容有变化时收到站内消息',
			description: `${followDescription} 重复关注不变。`,
			responses: followResponses
		},
		delete: {
			tags: ['inbox'],
			summary: '取消关注',
			description: '已关注的总能取消（即使后来看不到了）；未关注时同样检查能否看到该内容。',
			responses: followResponses
		}
	}
};
