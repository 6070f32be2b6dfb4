//! The role of each column of a rubric table, recognised by the words of its header cell, not by
//! its position: 序号, 一级/二级/三级指标, 评分任务, 评分内容, 评分标准, 分值, 完成时限, 牵头领导,
//! 责任股室, 责任人, and the two checkpoints 平时考核/年底考核.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 序号: the section's number (一、二…).
    Number,
    /// 一级指标: the top level of a rubric without 序号.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标.
    Level3,
    /// 评分任务: the section's title.
    Task,
    /// 评分内容: the task, a group when numbered.
    Content,
    /// 评分标准: the row's scoring sentence.
    Criterion,
    /// The scoring sentence of a checkpoint (平时考核指标（截至8月底）): the checkpoint's index.
    Checkpoint(usize),
    /// 分值: points (of the checkpoint to its left, if any).
    Points,
    /// 完成时限.
    Due,
    /// 牵头领导.
    Lead,
    /// 责任股室.
    Office,
    /// 责任人.
    Owner,
    /// A column the importer does not use (备注, 创新创优工作情况…).
    Other,
}

/// The words of a header cell, with spaces and line breaks taken out.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The role of a header cell, when its words name one (`checkpoints` counts the checkpoint
/// columns seen so far in the row).
pub fn role_of(text: &str, checkpoints: usize) -> Option<Role> {
    let t = squeeze(text);
    let t = t.as_str();
    let role = if t == "序号" || t == "编号" {
        Role::Number
    } else if t.starts_with("一级") {
        Role::Level1
    } else if t.starts_with("二级") {
        Role::Level2
    } else if t.starts_with("三级") {
        Role::Level3
    } else if (t.contains("考核") || t.contains("检查"))
        && (t.contains("平时") || t.contains("年底") || t.contains("截至"))
    {
        Role::Checkpoint(checkpoints)
    } else if t == "分值" || t == "分数" || t == "标准分" || t == "权重" {
        Role::Points
    } else if t.contains("时限") || t.contains("完成时间") {
        Role::Due
    } else if t.contains("牵头") || t.contains("分管领导") {
        Role::Lead
    } else if t.contains("股室") || t.contains("科室") || t.contains("责任单位") || t.contains("责任部门") {
        Role::Office
    } else if t.contains("责任人") {
        Role::Owner
    } else if t.contains("评分标准") || t.contains("考核标准") || t.contains("评分细则") || t.contains("考评标准")
    {
        Role::Criterion
    } else if t.contains("评分内容") || t.contains("考核内容") || t.contains("工作内容") {
        Role::Content
    } else if t.contains("任务") || t.contains("考核项目") || t.contains("评分项目") {
        Role::Task
    } else {
        return None;
    };
    Some(role)
}

/// The roles of a header row's cells (spread over the grid), or `None` when the row is not a
/// header: fewer than three cells name a role, or no cell names where the scoring sentence is.
pub fn header_roles(cells: &[String]) -> Option<Vec<Role>> {
    let mut roles = Vec::with_capacity(cells.len());
    let (mut named, mut checkpoints) = (0usize, 0usize);
    for c in cells {
        match role_of(c, checkpoints) {
            Some(r) => {
                if let Role::Checkpoint(_) = r {
                    checkpoints += 1;
                }
                named += 1;
                roles.push(r);
            }
            None => roles.push(Role::Other),
        }
    }
    let sentence =
        roles.iter().any(|r| matches!(r, Role::Criterion | Role::Checkpoint(_) | Role::Level3 | Role::Points));
    (named >= 3 && sentence).then_some(roles)
}

/// Whether a cell's first words start a header row (序号, 一级指标): a row that was not closed
/// by an empty line ends where such a cell starts.
pub fn starts_header(text: &str) -> bool {
    let t = squeeze(text);
    t == "序号" || t == "编号" || t == "一级" || t == "一级指标"
}
