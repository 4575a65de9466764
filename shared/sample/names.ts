/** Names for sample institutions, by type; towns per county of 晋城市. */
import type { InstitutionType } from './generate.js';

export const TOWNS: Readonly<Record<string, readonly string[]>> = {
  城区: ['东街街道', '西街街道', '南街街道', '北街街道', '矿区街道', '钟家庄街道', '西上庄街道', '北石店镇'],
  沁水县: ['龙港镇', '中村镇', '郑庄镇', '端氏镇', '嘉峰镇', '郑村镇', '柿庄镇', '土沃乡', '张村乡', '苏庄乡', '胡底乡', '固县乡', '十里乡'],
  阳城县: ['凤城镇', '北留镇', '润城镇', '町店镇', '芹池镇', '次营镇', '横河镇', '河北镇', '蟒河镇', '东冶镇', '白桑乡', '寺头乡', '西河乡', '演礼乡', '固隆乡', '董封乡', '驾岭乡'],
  陵川县: ['崇文镇', '礼义镇', '附城镇', '西河底镇', '平城镇', '杨村镇', '潞城镇', '秦家庄乡', '古郊乡', '六泉乡', '马圪当乡'],
  泽州县: ['南村镇', '下村镇', '大东沟镇', '周村镇', '犁川镇', '晋庙铺镇', '金村镇', '高都镇', '巴公镇', '大阳镇', '山河镇', '李寨乡', '柳树口镇', '北义城镇', '川底镇', '南岭镇'],
  高平市: ['北城街道', '南城街道', '东城街道', '米山镇', '三甲镇', '神农镇', '陈区镇', '北诗镇', '河西镇', '马村镇', '野川镇', '寺庄镇', '建宁乡', '石末乡', '原村乡', '永录乡'],
};

const GENERIC_TOWNS = ['城关镇', '东关镇', '西关镇', '南关镇', '北关镇', '新城街道', '老城街道', '河东镇', '河西镇', '山前镇'];

/** County-level names first; town-level names after; numbered branches beyond that. */
const COUNTY_LEVEL: Readonly<Record<InstitutionType, readonly string[]>> = {
  党政机关: [
    '人民政府办公室', '发展和改革局', '财政局', '教育局', '卫生健康局', '自然资源局', '住房和城乡建设局', '交通运输局',
    '水务局', '农业农村局', '市场监督管理局', '应急管理局', '司法局', '民政局', '人力资源和社会保障局', '统计局',
    '审计局', '文化和旅游局', '退役军人事务局', '机关事务服务中心', '公安局', '人民法院', '人民检察院', '工业和信息化局',
    '商务局', '生态环境分局', '林业局', '行政审批服务管理局', '医疗保障局', '税务局',
  ],
  学校: ['第一中学', '第二中学', '第三中学', '实验中学', '职业中学', '第一小学', '第二小学', '实验小学', '第一幼儿园', '特殊教育学校'],
  医院: ['人民医院', '中医医院', '妇幼保健院', '第二人民医院'],
  场馆: ['体育馆', '图书馆', '博物馆', '文化馆', '科技馆', '档案馆', '会展中心', '青少年活动中心'],
  其他事业单位: ['疾病预防控制中心', '不动产登记中心', '政务服务中心', '融媒体中心', '农业技术推广中心', '供水服务中心', '社会保险中心', '公共资源交易中心'],
  团体组织: ['总工会', '共青团委员会', '妇女联合会', '科学技术协会', '文学艺术界联合会', '残疾人联合会', '红十字会', '工商业联合会'],
};

const TOWN_LEVEL: Readonly<Record<InstitutionType, readonly string[]>> = {
  党政机关: ['人民政府', '财政所', '司法所', '派出所'],
  学校: ['中心学校', '初级中学', '中心幼儿园'],
  医院: ['卫生院'],
  场馆: ['综合文化站'],
  其他事业单位: ['便民服务中心', '农业综合服务中心'],
  团体组织: ['总工会'],
};

export function institutionName(county: string, type: InstitutionType, k: number): string {
  const top = COUNTY_LEVEL[type];
  if (k < top.length) return `${county}${top[k]}`;
  const towns = TOWNS[county] ?? GENERIC_TOWNS;
  const local = TOWN_LEVEL[type];
  const j = k - top.length;
  const town = towns[j % towns.length]!;
  const kind = local[Math.floor(j / towns.length) % local.length]!;
  const round = Math.floor(j / (towns.length * local.length));
  return round === 0 ? `${county}${town}${kind}` : `${county}${town}第${round + 1}${kind}`;
}
