/** OpenAPI paths of the unit register (房屋与业主名册). */
import * as places from '$lib/server/places';
import { query } from './from-valibot';
import { errors, type Paths } from './index';

const communityId = {
	name: 'communityId',
	in: 'path',
	required: true,
	schema: { type: 'integer', minimum: 1 }
};

export const schemas = {
	Unit: {
		type: 'object',
		required: ['id', 'estate', 'building', 'entrance', 'room', 'areaDm2', 'ownerKey', 'developer'],
		properties: {
			id: { type: 'integer' },
			estate: { type: 'string', example: '金阳花园A区', description: '小区' },
			building: { type: 'string', example: '1栋', description: '楼栋' },
			entrance: { type: 'string', example: '1单元', description: '单元' },
			room: { type: 'string', example: '101', description: '房号' },
			areaDm2: { type: 'integer', example: 8937, description: '专有部分面积，单位 0.01 m²（8937 = 89.37 m²）' },
			ownerKey: { type: 'string', example: 'A0001', description: '业主编号：同一业主的多套房屋编号相同；开发商持有的默认 DEVELOPER' },
			developer: { type: 'boolean', description: '开发商尚未出售或交付的房屋（合计算一人）' }
		}
	},
	ImportResult: {
		type: 'object',
		required: ['imported', 'updated'],
		properties: {
			imported: { type: 'integer', description: '新增的房屋数' },
			updated: { type: 'integer', description: '已存在（同一小区、楼栋、单元、房号）而被更新的房屋数' }
		}
	},
	RegisterError: {
		type: 'object',
		required: ['error'],
		properties: {
			error: {
				type: 'object',
				required: ['code', 'message', 'fields', 'rows'],
				properties: {
					code: { type: 'string', const: 'invalid_rows' },
					message: { type: 'string', example: '有 2 行数据有误，整个文件都没有导入。请按提示修改后重新上传' },
					fields: {
						type: 'object',
						additionalProperties: { type: 'string' },
						example: { 'line 3': '面积“abc”不是有效的数字，请写成 89.37 这样的平方米数' }
					},
					rows: {
						type: 'array',
						description: '每个有误的行（表头为第 1 行）及原因；同一行的多个问题以“；”连接',
						items: {
							type: 'object',
							required: ['line', 'reason'],
							properties: { line: { type: 'integer', example: 3 }, reason: { type: 'string' } }
						}
					}
				}
			}
		}
	}
};

const csvExample = '楼栋,单元,房号,面积,业主编号,业主姓名,业主电话,开发商\n1栋,1单元,101,89.37,A0001,张三,13912345678,否\n';

export const paths: Paths = {
	'/communities/{communityId}/units': {
		get: {
			tags: ['units'],
			summary: '社区已登记的房屋',
			description: '仅本社区居委会成员或所属街道管理员可查看；不含业主姓名和电话。按小区、楼栋、单元、房号排序。',
			parameters: [communityId],
			responses: {
				'200': {
					description: '全部房屋',
					content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Unit' } } } }
				},
				...errors(401, 403, 404)
			}
		}
	},
	'/communities/{communityId}/units/import': {
		post: {
			tags: ['units'],
			summary: '导入房屋与业主名册（CSV 或 XLSX）',
			description: [
				'仅本社区居委会成员。请求体就是文件本身：CSV 文本（UTF-8，可带 BOM；也接受 GBK）或 .xlsx 文件（读取第一个工作表）。',
				'第 1 行为表头，列顺序不限，英文或中文列名：building 楼栋、entrance 单元、room 房号、area_m2 面积、owner_key 业主编号（必填）；',
				'estate 小区、owner_name 业主姓名、owner_phone 业主电话、developer 开发商（true/false/1/0/是/否，空为否）可选。',
				'面积最多两位小数，大于 0 且不超过 100000 m²；电话为空或 11 位手机号；开发商房屋可不填业主编号（默认 DEVELOPER）。',
				'全部成功或全部不导入：任何一行有误都不写入，返回 400 并列出每个有误的行。',
				'已存在的房屋（同一小区、楼栋、单元、房号）会被更新而不是重复添加；文件中没有的房屋保持不变。',
				'文件不超过 5 MB、20000 行。'
			].join(''),
			parameters: [
				communityId,
				...query(places.estateChoice, { estateId: '文件没有“小区”列（或为空）时房屋所属的小区；社区只有一个小区时可省略' })
			],
			requestBody: {
				required: true,
				content: {
					'text/csv': { schema: { type: 'string' }, example: csvExample },
					'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } }
				}
			},
			responses: {
				'200': {
					description: '导入成功',
					content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportResult' } } }
				},
				'400': {
					description: '文件中有误的行（code invalid_rows，附 rows 列表），或文件无法读取、小区未指定（code 见 error.code）',
					content: {
						'application/json': {
							schema: { oneOf: [{ $ref: '#/components/schemas/RegisterError' }, { $ref: '#/components/schemas/Error' }] }
						}
					}
				},
				...errors(401, 403, 404, 413)
			}
		}
	}
};
