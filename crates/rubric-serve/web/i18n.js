// The page's words in Chinese (the default) and English. Only the page's own words are here:
// every name and text from a rule file or a facts file is shown as it is, with `textContent`.

const WORDS = {
  zh: {
    title: "绩效考评计分",
    step1: "① 选择考评细则",
    step2: "② 提供各单位的事实数据",
    step3: "③ 排名",
    upload: "上传数据表（xlsx、csv 或 json）",
    example: "使用示例数据",
    form: "在网页上填写",
    template: "下载空白数据表",
    busy: "计算中…",
    xlsx: "下载计分结果（Excel）",
    report: "下载该单位的反馈报告",
    breakdown: "逐项得分与理由",
    lostnote: "未得满分的项目以红色标出。",
    raise: "怎样提高得分",
    whatifTitle: "每项可改的事实及改后得分",
    token: "访问令牌",
    tokenOk: "确定",
    footer: "所有计算在本机服务中完成，页面不访问互联网。",
    other: "English",
    max: "满分",
    rank: "名次",
    unit: "单位",
    total: "总分",
    grade: "等次",
    id: "编号",
    item: "项目",
    score: "得分",
    reason: "说明",
    row: "行",
    column: "列",
    problem: "问题",
    fact: "事实",
    now: "现值",
    change: "改为",
    gain: "总分可增",
    failed: "以下单位无法计分：",
    noExample: "该细则没有示例数据。",
    noRubrics: "规则目录中没有可用的考评细则。",
    problems: "以下规则文件有错误，未加载：",
    factsFrom: (what) => `数据：${what}`,
    exampleName: "示例数据",
    formName: "网页填写的数据",
    units: (n) => `${n}个单位`,
    clickUnit: "点击单位查看逐项得分",
    place: (r, n) => `第${r}名 / ${n}个单位`,
    totalOf: (s, m) => `总分 ${s} / ${m}`,
    noHints: "该单位已得满分，或无法给出提高建议。",
    addUnit: "添加单位",
    unitName: "单位名称",
    scoreForm: "计分",
    yes: "是",
    no: "否",
    blank: "（未填）",
    listHelp: "JSON 数组，每条记录一个对象，例如 [{\"字段\": 值}]",
    badNumber: (f, u) => `单位 \`${u}\` 的 \`${f}\` 不是数字`,
    badList: (f, u) => `单位 \`${u}\` 的 \`${f}\` 不是 JSON 数组`,
    noUnits: "请至少填写一个单位名称",
    httpError: (s) => `服务返回错误 ${s}`,
    netError: "无法连接计分服务",
    basis: { alone: "逐单位计分", cohort: "单位间比较计分", periods: "分期计分" },
    vetoed: "一票否决",
    bonus: "加分",
  },
  en: {
    title: "Performance scoring",
    step1: "1. Choose a rubric",
    step2: "2. Give the units' facts",
    step3: "3. Ranking",
    upload: "Upload a workbook (xlsx, csv or json)",
    example: "Use the example facts",
    form: "Fill in a form",
    template: "Download a blank workbook",
    busy: "Scoring…",
    xlsx: "Download the results (Excel)",
    report: "Download this unit's report",
    breakdown: "Every row and its reason",
    lostnote: "Rows below their maximum are in red.",
    raise: "What would raise it",
    whatifTitle: "Each fact that could change, and the gain",
    token: "Access token",
    tokenOk: "OK",
    footer: "Everything is computed by this service; the page uses no network.",
    other: "中文",
    max: "max",
    rank: "Rank",
    unit: "Unit",
    total: "Total",
    grade: "Grade",
    id: "Id",
    item: "Item",
    score: "Score",
    reason: "Reason",
    row: "Row",
    column: "Column",
    problem: "Problem",
    fact: "Fact",
    now: "Now",
    change: "Change",
    gain: "Total gains",
    failed: "These units could not be scored:",
    noExample: "This rubric has no example facts.",
    noRubrics: "The rules folder has no rubric that can be used.",
    problems: "These rule files have errors and were not loaded:",
    factsFrom: (what) => `Facts: ${what}`,
    exampleName: "the example facts",
    formName: "the form",
    units: (n) => `${n} units`,
    clickUnit: "Click a unit for its breakdown",
    place: (r, n) => `${r} of ${n} units`,
    totalOf: (s, m) => `Total ${s} / ${m}`,
    noHints: "The unit has full marks, or no suggestion can be made.",
    addUnit: "Add a unit",
    unitName: "Unit name",
    scoreForm: "Score",
    yes: "yes",
    no: "no",
    blank: "(blank)",
    listHelp: "a JSON array, one object a record, e.g. [{\"field\": value}]",
    badNumber: (f, u) => `\`${f}\` of unit \`${u}\` is not a number`,
    badList: (f, u) => `\`${f}\` of unit \`${u}\` is not a JSON array`,
    noUnits: "Give at least one unit's name",
    httpError: (s) => `the service answered ${s}`,
    netError: "cannot reach the scoring service",
    basis: { alone: "each unit alone", cohort: "units compared", periods: "in periods" },
    vetoed: "vetoed",
    bonus: "bonus",
  },
};

let lang = "zh";

/** The current language, `zh` or `en`. */
export function current() {
  return lang;
}

/** Sets the language and rewrites every element with a `data-t` word. */
export function use(next) {
  lang = next === "en" ? "en" : "zh";
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-t]")) {
    const w = WORDS[lang][el.dataset.t];
    if (typeof w === "string") {
      el.textContent = w;
    }
  }
  document.title = WORDS[lang].title;
  const switcher = document.getElementById("lang");
  if (switcher) {
    switcher.textContent = WORDS[lang].other;
  }
}

/** A word of the page in the current language. */
export function t(key, ...args) {
  const w = WORDS[lang][key];
  return typeof w === "function" ? w(...args) : w;
}
