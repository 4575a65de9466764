/** Help texts of the command line, in Chinese. */

export const MAIN_USAGE = `节能通 jieneng —— 公共机构节能县级季度报表工具

用法：jieneng <命令> [选项]

命令：
  template      生成空白报表模板（含下拉选项和填报说明）
  sample        生成一份示例报表（数据真实可信、可通过校验）
  validate      校验报表，逐单元格列出问题
  indicators    计算报表的各项指标并与目标对照
  coefficients  查看折标煤系数、排放因子等计算系数
  demo          生成六个县（市、区）的演示报表并汇总，首次运行时准备演示数据
  serve         启动服务（聊天机器人、报表提交接口、Excel 加载项文件）
  invite        生成一次性邀请码（填报员或督导员），在聊天中“绑定 邀请码”
  token         为县（市、区）生成 Excel 加载项和脚本提交报表用的令牌
  teams-package 生成上传到 Teams 的应用包（清单和图标）
  store copy    把全部数据复制到另一个数据目录或 PostgreSQL 数据库（迁移）
  reminders     reminders plan 查看计划发送的催报提醒；reminders log 查看本地模式记入日志的提醒
  notice        生成某季度通报的 Word（.docx）和 Excel（.xlsx）文件
  calendar check 查看法定节假日数据收录了哪些年份

示例：
  jieneng template --out 模板.xlsx
  jieneng sample --county 泽州县 --period 2026Q3 --out 泽州县-2026Q3.xlsx
  jieneng validate 泽州县-2026Q3.xlsx
  jieneng indicators 泽州县-2026Q3.xlsx --format json
  jieneng invite --county 泽州县 --role reporter
  jieneng token --county 泽州县
  jieneng reminders plan --from 2026-12-01 --to 2027-01-31
  jieneng notice --period 2026Q3 --out 通报/

查看某个命令的说明：jieneng <命令> --help`;

export const USAGE: Readonly<Record<string, string>> = {
  template: `用法：jieneng template [--out 文件.xlsx] [--force]

生成空白的县级季度报表模板（模板 v1），含填报说明、列标题批注和下拉选项。
  --out     输出文件（默认：县级季度报表模板-v1.xlsx）
  --force   输出文件已存在时覆盖`,
  sample: `用法：jieneng sample --county <县名> --period <报告期> [选项]

生成一份可通过校验的示例报表，用于演示和测试。
  --county        县（市、区）名称，如 泽州县
  --period        报告期，如 2026Q3
  --institutions  单位数量（默认 30，最多 200000）
  --seed          随机种子（整数，默认 1；相同种子生成相同的单位）
  --out           输出文件（默认：<县名>-<报告期>-示例.xlsx）
  --force         输出文件已存在时覆盖`,
  validate: `用法：jieneng validate <文件.xlsx> [选项]

校验县级季度报表，按工作表列出每个问题所在的单元格和修改方法。
  --format        text（默认，中文报告）或 json（机器可读）
  --limit         同一工作表、同一列、同一类问题最多列出的条数（正整数，默认 10；all 为全部列出），
                  其余只计数并给出单元格范围；text 和 json 相同
  --history       上年同期报表（.xlsx），用于同比异常检查
  --coefficients  系数覆盖文件（.json）

退出码：0 无错误；1 有错误；2 文件无法读取或参数有误。`,
  indicators: `用法：jieneng indicators <文件.xlsx> [选项]

计算报表的各项指标（综合能耗、碳排放、新能源汽车占比、节水器具普及率等）并与目标对照。
  --format        text（默认）或 json
  --history       上年同期报表（.xlsx），用于计算同比指标
  --coefficients  系数覆盖文件（.json）

退出码：0 已计算；2 文件无法读取或参数有误。`,
  coefficients: `用法：jieneng coefficients [--coefficients 文件.json] [--format text|json]

显示计算所用的系数（数值、单位、来源）。给出覆盖文件时显示覆盖后的结果并检查文件是否正确。`,
  demo: `用法：jieneng demo [--period 2026Q3] [--dir 目录]

为六个县（市、区）各生成一份演示报表（默认放在 data/demo），校验并汇总主要指标。
数据目录还是空的时，同时准备演示数据：六个县（市、区）、上一季度和上年同期的示例提交、
督导员和各县填报员的邀请码、各县的令牌（也保存在 data/演示账号.txt）。`,
  serve: `用法：jieneng serve

启动节能通服务（npm start 即运行本命令）：
  POST /api/messages     聊天机器人（Bot Framework，Teams / Web Chat）
  POST /api/submissions  报表提交接口（Authorization: Bearer <县令牌>）
  GET  /addin/           Excel 加载项文件（已构建时）
  GET  /healthz          健康检查

配置（环境变量，或 JIENENG_CONFIG 指向的 JSON 文件）：
  PORT（默认 3978）  JIENENG_DATA（默认 ./data）  HOST
  MicrosoftAppId / MicrosoftAppPassword / MicrosoftAppTenantId / MicrosoftAppType
  JIENENG_MAX_UPLOAD_MB（默认 20）  JIENENG_INVITE_TTL_DAYS（默认 7）  JIENENG_SEED_DEMO
未配置 MicrosoftAppId 时以本地匿名模式运行（只监听本机）；NODE_ENV=production 时拒绝匿名启动。`,
  invite: `用法：jieneng invite --role reporter|supervisor [--county 县名] [--format json]

生成一次性邀请码（默认 7 天内有效）。把邀请码交给本人，在与机器人的聊天中发送“绑定 邀请码”。
  --role     reporter（县填报员，必须给出 --county）或 supervisor（市级督导员，可查看全部县）
  --county   县（市、区）名称，如 泽州县
  --format   text（默认）或 json（输出 {"code": …}）
服务运行时数据目录被占用：请在聊天中由督导员发送“邀请 泽州县 填报员”，或先停止服务。`,
  'teams-package': `用法：jieneng teams-package --app-id <Microsoft App ID> --domain <域名> [--out 文件.zip] [--force]

用 manifests/teams/ 的清单和图标生成 Teams 应用包，填入 Azure 机器人的 App ID 和服务域名。
  --app-id   Azure 机器人资源的 Microsoft App ID（GUID）
  --domain   服务的域名，如 jieneng.example.gov.cn（机器人消息地址为 https://<域名>/api/messages）
  --out      输出文件（默认：节能通-teams.zip）
  --force    输出文件已存在时覆盖`,
  reminders: `用法：jieneng reminders plan [--from 2026-12-01] [--to 2027-01-31] [--format text|json]
      jieneng reminders log [--format text|json]

plan：按数据存储中的提交情况，列出这段时间（含首尾两天，默认今天起 60 天）计划发送的提醒：
  报表截止前 7、3、1 天和当天，逾期第 1、3 个工作日，逾期第 3 个工作日给督导员的汇总，
  反食品浪费自查、宣传日、能源费用托管、年报提醒。已提交通过校验报表的县区不再提醒。
  提醒在工作日 9:00 发出（配置 schedule）；节假日数据未收录的年份会给出警告。
  json 输出：{"events": [{"time", "county", "audience", "stage", "period", "due", "channel"}], "warnings": [...]}
log：本地匿名模式下没有聊天会话或群机器人可送达时，提醒记入数据目录的 reminders-log.jsonl，这里列出。`,
  notice: `用法：jieneng notice --period 2026Q3 --out 目录 [--draft]

把某季度的通报写成 Word（.docx，公文格式）和 Excel（.xlsx，排名和各县全部指标）两个文件。
  --period  报告期，如 2026Q3
  --out     写入的目录（不存在时创建）
  --draft   按当前数据生成草稿（未发布的季度也可以）；不加时输出已发布的最新一版（含更正）`,
  calendar: `用法：jieneng calendar check [--format text|json]

列出法定节假日和调休数据已收录和未收录的年份（chinese-days 软件包和数据目录中的 holidays.json），
以及下一个报表截止日期。节假日文件有误时列出每处错误，退出码为 1。`,
  store: `用法：jieneng store copy --from <数据目录|postgres://…> --to <数据目录|postgres://…>

把一个城市的全部数据（县、绑定用户、邀请码、令牌、聊天会话、各版本提交及其原始文件和
历史快照、催报记录、通报、审计日志）原样复制到另一个存储：编号、版本和时间都不变。
  --from   来源：数据目录（如 data/）或 PostgreSQL 地址（postgres://用户名:密码@主机:5432/数据库名）
  --to     目标：同上；必须是空的（新目录或新建的空数据库），否则不复制任何内容
复制后逐项核对记录条数、内容和每个文件的 SHA-256，并打印汇总。
数据目录被运行中的服务占用时拒绝复制：请先停止服务。
退出码：0 复制并核对通过；1 核对不一致；2 参数有误、目标非空或无法连接。`,
  token: `用法：jieneng token --county 县名 [--format json]

为县（市、区）生成提交报表用的令牌（Excel 加载项或脚本使用）。令牌只显示这一次，
服务器只保存其摘要；新令牌生成后，该县的旧令牌立即作废。
  --county   县（市、区）名称，如 泽州县
  --format   text（默认）或 json（输出 {"token": …}）`,
};
