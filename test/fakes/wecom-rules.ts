// What WeCom's documents say it refuses, as checks the WeCom fakes share (app API, group robot
// webhook, the intelligent robot's long connection and its response_url). Each check answers a
// refusal with the documented errcode, or undefined when the request is fine. Where a document
// states a rule but no errcode, the stand-in code is named as such. WWD = 企业微信开发者中心
// document id (https://developer.work.weixin.qq.com/document/path/<id>).

export interface Refusal {
  errcode: number;
  errmsg: string;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** "不合法的参数" — WeCom's answer to a parameter outside its documented range. */
const INVALID = 40058;

/**
 * Markdown length in UTF-8 bytes. App: "markdown内容，最长不超过2048个字节，必须是utf8编码" (WWD 90236).
 * Group robot: "markdown内容，最长不超过4096个字节，必须是utf8编码" (WWD 99110); past it the
 * webhook answers 40058. Intelligent robot's response_url: "消息内容，最长不超过20480个字节，必须是
 * utf8编码" (WWD 101138). The app's document gives no code; 40058 stands in.
 */
export function markdownTooLong(content: unknown, max: number): Refusal | undefined {
  if (typeof content !== 'string' || content.length === 0) return { errcode: 44004, errmsg: 'empty content' };
  if (bytes(content) > max) return { errcode: INVALID, errmsg: `markdown.content exceed max length ${max}` };
  return undefined;
}

/**
 * markdown_v2 has no `<@userid>` and no `<font>`: "消息推送的text/markdown类型消息支持在content中
 * 使用<@userid>扩展语法来@群成员(markdown_v2类型消息不支持该扩展语法)", and "字体颜色(只支持3种
 * 内置颜色)" is listed under markdown only (WWD 99110). The intelligent robot's markdown is
 * markdown_v2: "回复内容content字段支持常见的markdown格式", linking to markdown-v2类型 (WWD 101138,
 * 101031). WeCom shows such tags as literal text and notifies no one; the fake refuses them
 * (40058), so that a test sees what a person in the group would.
 */
export function markdownV2Refusal(content: unknown): Refusal | undefined {
  if (typeof content !== 'string') return { errcode: 44004, errmsg: 'empty content' };
  if (/<font\b/i.test(content)) return { errcode: INVALID, errmsg: 'markdown_v2 does not support <font>' };
  if (/<@/.test(content)) return { errcode: INVALID, errmsg: 'markdown_v2 does not support <@userid>' };
  return undefined;
}

/**
 * `task_id`: "任务id，同一个应用任务id不能重复，只能由数字、字母和“_-@”组成，最长128字节" (WWD 90236;
 * the robot's "同一个机器人任务id不能重复", WWD 101032). Answered 42014 "taskid has existed or empty
 * or exceed max len" (the errmsg WeCom answers; docs/platforms/wecom.md §2).
 */
export function taskIdRefusal(taskId: unknown, used: ReadonlySet<string>): Refusal | undefined {
  const refuse = { errcode: 42014, errmsg: 'taskid has existed or empty or exceed max len' };
  if (typeof taskId !== 'string' || taskId.length === 0 || bytes(taskId) > 128 || !/^[0-9A-Za-z_\-@]+$/.test(taskId)) return refuse;
  if (used.has(taskId)) return refuse;
  return undefined;
}

/**
 * The body of a template card, whichever door it goes through (app send and update, webhook,
 * robot send, reply and update):
 * - `text_notice` needs `card_action`: "整体卡片的点击跳转事件，text_notice模版卡片中该字段为必填项",
 *   its type "text_notice模版卡片中该字段取值范围为[1,2]" (WWD 90236, 101032, 99110); otherwise 42045
 *   "Template_Card card_action Missing or Invalid".
 * - `button_interaction`: "按钮列表，列表长度不超过6"; a key "最长支持1024字节，不可重复" (WWD 90236,
 *   101032). No code is given; 40058 stands in.
 * - "模版卡片主要内容的一级标题main_title.title和二级普通文本sub_title_text必须有一项填写" (WWD 101032).
 */
export function templateCardRefusal(card: unknown): Refusal | undefined {
  if (!card || typeof card !== 'object') return { errcode: INVALID, errmsg: 'template_card missing' };
  const c = card as Record<string, any>;
  if (!c.main_title?.title && !c.sub_title_text) return { errcode: INVALID, errmsg: 'main_title.title or sub_title_text required' };
  switch (c.card_type) {
    case 'text_notice': {
      const action = c.card_action;
      const ok =
        (action?.type === 1 && typeof action.url === 'string' && action.url) || (action?.type === 2 && typeof action.appid === 'string' && action.appid);
      return ok ? undefined : { errcode: 42045, errmsg: 'Template_Card card_action Missing or Invalid' };
    }
    case 'button_interaction': {
      const buttons = c.button_list;
      if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 6) return { errcode: INVALID, errmsg: 'button_list must have 1 to 6 buttons' };
      const keys = buttons.map((b: any) => b?.key);
      if (keys.some((k: unknown) => typeof k !== 'string' || k.length === 0 || bytes(k) > 1024))
        return { errcode: INVALID, errmsg: 'button key empty or over 1024 bytes' };
      if (new Set(keys).size !== keys.length) return { errcode: INVALID, errmsg: 'button key repeated' };
      return undefined;
    }
    default:
      return { errcode: INVALID, errmsg: `card_type ${String(c.card_type)} not used by this bot` };
  }
}
